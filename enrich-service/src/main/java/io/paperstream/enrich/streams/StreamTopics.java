package io.paperstream.enrich.streams;

import io.paperstream.enrich.config.EnrichConfig;

/** The topics the topology reads and writes. */
public record StreamTopics(String parsed, String enriched, String deadLetter, String themePrefix) {

    public static StreamTopics from(EnrichConfig.Topics topics) {
        return new StreamTopics(topics.parsed(), topics.enriched(), topics.deadLetter(), topics.themePrefix());
    }

    public String themeTopic(String slug) {
        return themePrefix + slug;
    }
}
