package io.paperstream.enrich.streams;

import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.events.InvalidEventException;

/**
 * For each record of {@code papers.enriched}, one {@link ThemeCopy} per theme of the paper, carrying the record's
 * bytes as they are, to the {@link ThemeRouterTopology#THEMES themes} sink. A tombstone gives no copy (a theme
 * stream is a stream of papers, not a table). A record whose themes cannot be read goes to the
 * {@link ThemeRouterTopology#DEAD_LETTER dead-letter} sink with the reason.
 */
class ThemeCopier implements Processor<String, byte[], String, ThemeCopy> {

    static final String STAGE = "enrich-themes";
    private static final Logger LOG = Logger.getLogger(ThemeCopier.class);

    private final EnrichMetrics metrics;
    private ProcessorContext<String, ThemeCopy> context;

    ThemeCopier(EnrichMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ThemeCopy> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        List<String> slugs;
        try {
            slugs = ThemeSlugs.of(record.value());
        } catch (InvalidEventException e) {
            reject(record, e.getMessage());
            return;
        }
        for (String slug : slugs) {
            context.forward(record.withValue(new ThemeCopy(slug, record.value())), ThemeRouterTopology.THEMES);
        }
        metrics.themeCopies(slugs.size());
    }

    private void reject(Record<String, byte[]> record, String reason) {
        Headers headers = DeadLetterRecords.headers(record.headers(), context, STAGE, reason);
        LOG.warnf("Dead-lettering record %s of %s: %s", record.key(), DeadLetterRecords.origin(context), reason);
        metrics.deadLettered();
        context.forward(record.withValue(new ThemeCopy(null, record.value())).withHeaders(headers),
                ThemeRouterTopology.DEAD_LETTER);
    }
}
