package io.paperstream.enrich.streams;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.paperstream.enrich.config.EnrichConfig;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.streams.ThemeTopicRouter.ThemeCopy;
import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.PaperParsed;

/**
 * The enrich topology:
 *
 * <pre>
 * papers.parsed ─► validate ─┬─ poison ─► papers.dead-letter
 *  (bytes, N partitions)     └─ paper ──► tag ─► repartition to ONE partition (key = paper id)
 *                                                 └─► count themes [paper-themes store] ─┬─► papers.enriched
 *                                                                                        └─► themes.&lt;slug&gt;
 * </pre>
 *
 * Tagging, the CPU part, runs in parallel over the input partitions (and instances); counting runs in the single
 * task of the one-partition repartition topic, so it is one writer with a view of the whole corpus.
 */
@Singleton
public class TopologyProducer {

    /** Persistent, changelogged store of the counting task: paper id → its current themes. */
    public static final String PAPER_THEMES_STORE = "paper-themes";
    /** Name of the repartition step; the internal topic is {@code <application.id>-tagged-papers-repartition}. */
    public static final String TAGGED_PAPERS = "tagged-papers";
    /** One partition: the counting is one task with a global view; more would split the corpus between counters. */
    private static final int COUNTING_PARTITIONS = 1;

    private final StreamTopics topics;
    private final ThemeTagger tagger;
    private final EnrichMetrics metrics;
    private final Clock clock;

    @Inject
    TopologyProducer(EnrichConfig config, ThemeTagger tagger, EnrichMetrics metrics, Clock clock) {
        this(StreamTopics.from(config.topics()), tagger, metrics, clock);
    }

    public TopologyProducer(StreamTopics topics, ThemeTagger tagger, EnrichMetrics metrics, Clock clock) {
        this.topics = topics;
        this.tagger = tagger;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Produces
    @Singleton
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAPER_THEMES_STORE),
                Serdes.String(), new JsonSerde<>(PaperThemes.class)));

        // raw bytes: a record that is not JSON reaches the validator instead of failing in a deserializer;
        // earliest: a fresh application id (first start, or after a reset for a retag) reads the whole corpus
        Map<String, KStream<String, ValidatedRecord>> validated = builder
                .stream(topics.parsed(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("papers-parsed").withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .process(() -> new PaperValidator(metrics), Named.as("validate"))
                .split(Named.as("validated-"))
                .branch((id, record) -> record.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("papers"));

        validated.get("validated-rejected")
                .mapValues(ValidatedRecord::rejectedValue, Named.as("original-bytes"))
                .to(topics.deadLetter(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter"));

        KStream<String, EnrichedJson> enriched = validated.get("validated-papers")
                .mapValues(record -> record.paper() == null ? null : tag(record.paper()), Named.as("tag"))
                .repartition(Repartitioned.<String, TaggedPaper>as(TAGGED_PAPERS)
                        .withNumberOfPartitions(COUNTING_PARTITIONS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new JsonSerde<>(TaggedPaper.class)))
                .process(() -> new ThemeCounter(PAPER_THEMES_STORE, metrics, clock), Named.as("count-themes"),
                        PAPER_THEMES_STORE)
                // serialized once: papers.enriched and every themes.<slug> get the same bytes
                .mapValues(EnrichedJson::of, Named.as("serialize-enriched"));

        enriched.mapValues(EnrichedJson::jsonOf, Named.as("enriched-bytes"))
                .to(topics.enriched(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("papers-enriched"));
        enriched.flatMapValues(TopologyProducer::themeCopies, Named.as("copy-per-theme"))
                .to(new ThemeTopicRouter(topics), Produced.with(Serdes.String(), ThemeTopicRouter.serde())
                        .withName("themes"));
        return builder.build();
    }

    private TaggedPaper tag(PaperParsed paper) {
        List<ThemeMatch> themes = tagger.tag(paper.title(), paper.summary());
        metrics.tagged(themes);
        return new TaggedPaper(paper, themes, tagger.taxonomy().version());
    }

    private static List<ThemeCopy> themeCopies(EnrichedJson paper) {
        return paper == null ? List.of()
                : paper.slugs().stream().map(slug -> new ThemeCopy(slug, paper.json())).toList();
    }
}
