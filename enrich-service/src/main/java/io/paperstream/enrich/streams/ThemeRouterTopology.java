package io.paperstream.enrich.streams;

import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.events.PaperLimits;

/**
 * The theme router's topology: {@code papers.enriched} (bytes) ─► pace commits ─► copy per theme ─► {@code themes.<slug>}, the same
 * key and the same bytes. Stateless, no internal topic; each input partition is a task of its own. It runs as its
 * own Kafka Streams application ({@link ThemeRouter}), so the copies commit in their own transactions, after and
 * apart from the one that publishes the paper on {@code papers.enriched}.
 */
public final class ThemeRouterTopology {

    static final String SOURCE = "papers-enriched";
    static final String PACER = "pace-commits";
    static final String COPIER = "copy-per-theme";
    static final String THEMES = "themes";
    static final String DEAD_LETTER = "dead-letter";

    private ThemeRouterTopology() {
    }

    /**
     * @param taxonomySlugs the themes of the taxonomy in use: the only topics the router writes copies to
     */
    public static Topology build(StreamTopics topics, Set<String> taxonomySlugs, PaperLimits limits,
            EnrichMetrics metrics, CommitPacing.Settings pacing) {
        // the topic of a copy is picked per record, so a theme added to the taxonomy needs no topology change
        TopicNameExtractor<String, ThemeCopy> themeTopic = (key, copy, context) -> topics.themeTopic(copy.slug());
        // earliest: a router that starts for the first time copies every paper already enriched
        return new Topology()
                .addSource(AutoOffsetReset.earliest(), SOURCE, Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer(), topics.enriched())
                .addProcessor(PACER, () -> new CommitPacing<String, byte[]>(pacing), SOURCE)
                .addProcessor(COPIER, () -> new ThemeCopier(taxonomySlugs, limits, metrics), PACER)
                .addSink(THEMES, themeTopic, Serdes.String().serializer(), ThemeCopy.serializer(), COPIER)
                .addSink(DEAD_LETTER, topics.deadLetter(), Serdes.String().serializer(), ThemeCopy.serializer(),
                        COPIER);
    }
}
