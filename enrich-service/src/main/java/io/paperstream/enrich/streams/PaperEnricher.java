package io.paperstream.enrich.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;

/**
 * Tags a valid paper and serializes it once. A paper whose enriched JSON is larger than the pipeline writes (the
 * broker would refuse it, and the stream would fail on it again at every restart) is dead-lettered with its reason.
 */
class PaperEnricher implements FixedKeyProcessor<String, ValidatedRecord, EnrichedValue> {

    private static final Logger LOG = Logger.getLogger(PaperEnricher.class);

    private final ThemeTagger tagger;
    private final EnrichMetrics metrics;
    private final Clock clock;
    private final int maxRecordBytes;
    private FixedKeyProcessorContext<String, EnrichedValue> context;

    PaperEnricher(ThemeTagger tagger, EnrichMetrics metrics, Clock clock, int maxRecordBytes) {
        this.tagger = tagger;
        this.metrics = metrics;
        this.clock = clock;
        this.maxRecordBytes = maxRecordBytes;
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
        byte[] json = enrich(paper);
        if (json.length <= maxRecordBytes) {
            context.forward(record.withValue(EnrichedValue.enriched(json)));
            return;
        }
        String reason = "enriched paper of " + json.length + " bytes is larger than the " + maxRecordBytes
                + " bytes the pipeline writes (paperstream.topics.max-record-bytes)";
        Headers headers = DeadLetterRecords.headers(record.headers(), context, PaperValidator.STAGE, reason);
        byte[] value = DeadLetterRecords.bounded(record.value().value(), maxRecordBytes, headers);
        LOG.warnf("Dead-lettering record %s of %s: %s", record.key(), DeadLetterRecords.origin(context), reason);
        metrics.deadLettered();
        context.forward(record.withValue(EnrichedValue.rejected(value, reason)).withHeaders(headers));
    }

    /** The JSON of the enriched paper, serialized once. */
    private byte[] enrich(PaperParsed paper) {
        List<ThemeMatch> themes = tagger.tag(paper.title(), paper.summary());
        metrics.tagged(themes);
        List<ThemeTag> tags = new ArrayList<>(themes.size());
        for (ThemeMatch theme : themes) {
            tags.add(new ThemeTag(theme.slug(), theme.label(), theme.score(), theme.matched()));
        }
        return EventJson.toBytes(PaperEnriched.of(paper, tags, clock.instant(), tagger.taxonomy().version()));
    }
}
