package io.paperstream.enrich.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;

/**
 * Routes a copy of an enriched paper to {@code themes.<slug>} for one of its themes: the topology emits one
 * {@link ThemeCopy} per theme, and this picks its topic, so a new theme in the taxonomy needs no topology change.
 */
final class ThemeTopicRouter implements TopicNameExtractor<String, ThemeTopicRouter.ThemeCopy> {

    /** An enriched paper bound for the topic of one of its themes; only {@link #paper()} is written. */
    record ThemeCopy(String slug, PaperEnriched paper) {
    }

    private final StreamTopics topics;

    ThemeTopicRouter(StreamTopics topics) {
        this.topics = topics;
    }

    @Override
    public String extract(String key, ThemeCopy value, RecordContext recordContext) {
        return topics.themeTopic(value.slug());
    }

    /** Writes the paper of a copy, in the same JSON as {@code papers.enriched}. */
    static Serde<ThemeCopy> serde() {
        Serializer<ThemeCopy> serializer = (topic, copy) -> copy == null ? null : EventJson.toBytes(copy.paper());
        return Serdes.serdeFrom(serializer, (topic, bytes) -> {
            throw new UnsupportedOperationException("theme copies are only written");
        });
    }
}
