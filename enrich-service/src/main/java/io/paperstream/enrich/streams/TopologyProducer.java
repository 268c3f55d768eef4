package io.paperstream.enrich.streams;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import io.paperstream.enrich.config.EnrichConfig;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.events.PaperLimits;

/**
 * The enrich topology, one exactly-once hop with no internal topic and no state:
 *
 * <pre>
 * papers.parsed ─► pace commits ─► validate, limits ─┬─ poison ─► papers.dead-letter
 *  (bytes, P partitions)                             └─ paper ──► tag, serialize once ─┬─ too large, or failed ─► papers.dead-letter
 *                                                                                       └─► papers.enriched (same key)
 * </pre>
 *
 * Everything runs in the task of the input partition, so the P partitions spread over the stream threads of N
 * instances. The per-theme copies ({@code themes.<slug>}) are made by a separate application, {@link ThemeRouter},
 * so that they do not lengthen the transaction that makes a paper visible on {@code papers.enriched}.
 */
@Singleton
public class TopologyProducer {

    private final StreamTopics topics;
    private final ThemeTagger tagger;
    private final EnrichMetrics metrics;
    private final Clock clock;
    private final PaperLimits limits;
    private final CommitPacing.Settings pacing;
    private final PaperCodec codec;

    @Inject
    TopologyProducer(EnrichConfig config, ThemeTagger tagger, EnrichMetrics metrics, Clock clock,
            PaperLimits limits) {
        this(StreamTopics.from(config.topics()), tagger, metrics, clock, limits,
                CommitPacing.Settings.of(config.streams()));
    }

    public TopologyProducer(StreamTopics topics, ThemeTagger tagger, EnrichMetrics metrics, Clock clock,
            PaperLimits limits, CommitPacing.Settings pacing) {
        this(topics, tagger, metrics, clock, limits, pacing, PaperCodec.EVENT_JSON);
    }

    TopologyProducer(StreamTopics topics, ThemeTagger tagger, EnrichMetrics metrics, Clock clock,
            PaperLimits limits, CommitPacing.Settings pacing, PaperCodec codec) {
        this.codec = codec;
        this.topics = topics;
        this.tagger = tagger;
        this.metrics = metrics;
        this.clock = clock;
        this.limits = limits;
        this.pacing = pacing;
    }

    /** Quarkus sets it on the enrich stream it builds from {@link #topology()}. */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler threadDeaths(EnrichConfig config) {
        return new BoundedThreadReplacement("Enrich stream", config.streams().maxThreadReplacements());
    }

    @Produces
    @Singleton
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();

        // raw bytes: a record that is not JSON reaches the validator instead of failing in a deserializer;
        // earliest: a fresh application id (first start, or after a reset for a retag) reads the whole corpus
        Map<String, KStream<String, ValidatedRecord>> validated = builder
                .stream(topics.parsed(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("papers-parsed").withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .process(() -> new CommitPacing<String, byte[]>(pacing), Named.as("pace-commits"))
                .process(() -> new PaperValidator(metrics, limits, codec), Named.as("validate"))
                .split(Named.as("validated-"))
                .branch((id, record) -> record.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("papers"));

        validated.get("validated-rejected")
                .mapValues(ValidatedRecord::rejectedValue, Named.as("original-bytes"))
                .to(topics.deadLetter(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter"));

        // no key-based operation follows the validator's re-keying: nothing is repartitioned
        Map<String, KStream<String, EnrichedValue>> enriched = validated.get("validated-papers")
                .processValues(() -> new PaperEnricher(tagger, metrics, clock, limits, codec), Named.as("tag"))
                .split(Named.as("enriched-"))
                .branch((id, value) -> value.isRejected(), Branched.as("too-large"))
                .defaultBranch(Branched.as("papers"));

        enriched.get("enriched-too-large")
                .mapValues(EnrichedValue::rejectedValue, Named.as("too-large-bytes"))
                .to(topics.deadLetter(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-too-large"));
        enriched.get("enriched-papers")
                .mapValues(EnrichedValue::json, Named.as("enriched-json"))
                .to(topics.enriched(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("papers-enriched"));
        return builder.build();
    }
}
