package io.paperstream.enrich.streams;

import org.apache.kafka.common.serialization.Serializer;

/**
 * The bytes of a {@code papers.enriched} record on their way to the topic of one of the paper's themes (or, with no
 * slug, to the dead-letter topic). Only {@link #json()} is written: the copies are the original bytes.
 */
record ThemeCopy(String slug, byte[] json) {

    /** Writes the original bytes. */
    static Serializer<ThemeCopy> serializer() {
        return (topic, copy) -> copy == null ? null : copy.json();
    }
}
