package io.paperstream.enrich.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Routes a copy of an enriched paper to {@code themes.<slug>} for one of its themes: the topology emits one
 * {@link ThemeCopy} per theme, and this picks its topic, so a new theme in the taxonomy needs no topology change.
 */
final class ThemeTopicRouter implements TopicNameExtractor<String, ThemeTopicRouter.ThemeCopy> {

    /**
     * An enriched paper bound for the topic of one of its themes; only {@link #json()} is written. It holds the bytes
     * already written to {@code papers.enriched}: a paper is serialized once, however many themes it has.
     */
    record ThemeCopy(String slug, byte[] json) {
    }

    private final StreamTopics topics;

    ThemeTopicRouter(StreamTopics topics) {
        this.topics = topics;
    }

    @Override
    public String extract(String key, ThemeCopy value, RecordContext recordContext) {
        return topics.themeTopic(value.slug());
    }

    /** Writes the JSON of a copy, the same bytes as on {@code papers.enriched}. */
    static Serde<ThemeCopy> serde() {
        Serializer<ThemeCopy> serializer = (topic, copy) -> copy == null ? null : copy.json();
        return Serdes.serdeFrom(serializer, (topic, bytes) -> {
            throw new UnsupportedOperationException("theme copies are only written");
        });
    }
}
