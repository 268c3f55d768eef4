package io.paperstream.enrich.streams;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.ThemeSlugs;

/**
 * For each record of {@code papers.enriched}, one {@link ThemeCopy} per theme of the paper that the taxonomy in use
 * has, carrying the record's bytes as they are, to the {@link ThemeRouterTopology#THEMES themes} sink. Only themes of
 * the taxonomy are copied, each once: a record written straight to the topic cannot make the router create topics
 * (or write thousands of copies). A tombstone gives no copy (a theme stream is a stream of papers, not a table). A
 * record whose themes cannot be read, that is larger than the record limit, or whose reading throws, goes to the
 * {@link ThemeRouterTopology#DEAD_LETTER dead-letter} sink with the reason, and the router goes on.
 */
class ThemeCopier implements Processor<String, byte[], String, ThemeCopy> {

    static final String STAGE = "enrich-themes";
    private static final Logger LOG = Logger.getLogger(ThemeCopier.class);

    private final Set<String> taxonomySlugs;
    private final PaperLimits limits;
    private final EnrichMetrics metrics;
    private ProcessorContext<String, ThemeCopy> context;

    ThemeCopier(Set<String> taxonomySlugs, PaperLimits limits, EnrichMetrics metrics) {
        this.taxonomySlugs = Set.copyOf(taxonomySlugs);
        this.limits = limits;
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
        List<String> slugs = List.of();
        String reason;
        try {
            reason = limits.recordSizeProblem(
                    DeadLetterRecords.encodedSize(record.key(), record.value(), record.headers()));
            if (reason == null) {
                slugs = copies(record);
            }
        } catch (InvalidEventException e) {
            reason = e.getMessage();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Routing record %s of %s failed", DeadLetterRecords.loggable(record.key()),
                    DeadLetterRecords.origin(context));
            reason = DeadLetterRecords.failure(e);
        }
        // forwarded outside the try: what fails in a sink is not this record's reading
        if (reason != null) {
            reject(record, reason);
            return;
        }
        for (String slug : slugs) {
            context.forward(record.withValue(new ThemeCopy(slug, record.value())), ThemeRouterTopology.THEMES);
        }
        metrics.themeCopies(slugs.size());
    }

    /** The slugs to copy the record to: its themes that the taxonomy has, each once, in the record's order. */
    private List<String> copies(Record<String, byte[]> record) {
        Set<String> slugs = new LinkedHashSet<>(ThemeSlugs.of(record.value()));
        List<String> copies = new ArrayList<>(slugs.size());
        int unknown = 0;
        for (String slug : slugs) {
            if (taxonomySlugs.contains(slug)) {
                copies.add(slug);
            } else {
                unknown++;
            }
        }
        if (unknown > 0) {
            LOG.warnf("Record %s of %s carries %d themes the taxonomy in use does not have: not copied to them",
                    DeadLetterRecords.loggable(record.key()), DeadLetterRecords.origin(context), unknown);
            metrics.unknownThemes(unknown);
        }
        return copies;
    }

    private void reject(Record<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering record %s of %s: %s", DeadLetterRecords.loggable(record.key()),
                DeadLetterRecords.origin(context), reason);
        metrics.deadLettered();
        DeadLetterRecords.DeadLetter letter = DeadLetterRecords.of(record.key(), record.value(), record.headers(),
                context, STAGE, reason, limits.maxRecordBytes());
        context.forward(record.withKey(letter.key()).withValue(new ThemeCopy(null, letter.value()))
                .withHeaders(letter.headers()), ThemeRouterTopology.DEAD_LETTER);
    }
}
