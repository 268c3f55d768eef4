package io.paperstream.enrich.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;

/**
 * Tags a valid paper and serializes it once. A paper whose enriched record (key, JSON and headers) is larger than
 * the pipeline writes (the broker would refuse it, and the stream would fail on it again at every restart), or whose
 * tagging or serialization throws, is dead-lettered with its reason, and the stream goes on.
 */
class PaperEnricher implements FixedKeyProcessor<String, ValidatedRecord, EnrichedValue> {

    private static final Logger LOG = Logger.getLogger(PaperEnricher.class);

    private final ThemeTagger tagger;
    private final EnrichMetrics metrics;
    private final Clock clock;
    private final PaperLimits limits;
    private final PaperCodec codec;
    private FixedKeyProcessorContext<String, EnrichedValue> context;

    PaperEnricher(ThemeTagger tagger, EnrichMetrics metrics, Clock clock, PaperLimits limits, PaperCodec codec) {
        this.tagger = tagger;
        this.metrics = metrics;
        this.clock = clock;
        this.limits = limits;
        this.codec = codec;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EnrichedValue> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ValidatedRecord> record) {
        PaperParsed paper = record.value().paper();
        if (paper == null) {
            context.forward(record.withValue(EnrichedValue.enriched(null)));
            return;
        }
        byte[] json = null;
        String reason;
        try {
            json = enrich(paper);
            String problem = limits.recordSizeProblem(
                    DeadLetterRecords.encodedSize(record.key(), json, record.headers()));
            reason = problem == null ? null : "enriched paper: " + problem + " (paperstream.limits.max-record-bytes)";
        } catch (RuntimeException e) {
            LOG.errorf(e, "Enriching paper %s of %s failed", record.key(), DeadLetterRecords.origin(context));
            reason = DeadLetterRecords.failure(e);
        }
        // forwarded outside the try: what fails downstream is not this paper's enrichment
        if (reason == null) {
            context.forward(record.withValue(EnrichedValue.enriched(json)));
            return;
        }
        LOG.warnf("Dead-lettering record %s of %s: %s", record.key(), DeadLetterRecords.origin(context), reason);
        metrics.deadLettered();
        // the key is the paper id (bounded by the title limit): a fixed-key processor keeps it
        DeadLetterRecords.DeadLetter letter = DeadLetterRecords.of(record.key(), record.value().value(),
                record.headers(), context, PaperValidator.STAGE, reason, limits.maxRecordBytes());
        context.forward(record.withValue(EnrichedValue.rejected(letter.value(), reason))
                .withHeaders(letter.headers()));
    }

    /** The JSON of the enriched paper, serialized once. */
    private byte[] enrich(PaperParsed paper) {
        List<ThemeMatch> themes = tagger.tag(paper.title(), paper.summary());
        metrics.tagged(themes);
        List<ThemeTag> tags = new ArrayList<>(themes.size());
        for (ThemeMatch theme : themes) {
            tags.add(new ThemeTag(theme.slug(), theme.label(), theme.score(), theme.matched()));
        }
        return codec.writeEnriched(PaperEnriched.of(paper, tags, clock.instant(), tagger.taxonomy().version()));
    }
}
