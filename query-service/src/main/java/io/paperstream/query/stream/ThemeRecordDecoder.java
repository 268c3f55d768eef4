package io.paperstream.query.stream;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.ThemeSlugs;

/**
 * Turns a papers.enriched record into the paper event's data, for the themes someone listens to. Only the theme
 * slugs are read first (a streaming parse): a paper of no watched theme is never bound. A tombstone (a paper leaving
 * the catalog) is not an event of a theme stream. A record that is not a paper, or breaks the shared
 * {@link PaperLimits}, is skipped and counted: the materializer dead-letters the same record, with the reason, so
 * the streams log it only at DEBUG.
 */
final class ThemeRecordDecoder {

    private static final Logger LOG = Logger.getLogger(ThemeRecordDecoder.class);

    private final ObjectMapper json;
    private final Counter skipped;
    private final PaperLimits limits;

    ThemeRecordDecoder(ObjectMapper json, Counter skipped, PaperLimits limits) {
        this.json = json;
        this.skipped = skipped;
        this.limits = limits;
    }

    /**
     * The record as a stream item, or null when it is no paper of a theme {@code watched} accepts.
     *
     * @param watched whether a theme slug has subscribers
     */
    ThemeRecord decode(ConsumerRecord<String, byte[]> record, Predicate<String> watched) {
        if (record.value() == null) {
            return null;
        }
        String problem = limits.recordSizeProblem(record.value().length);
        try {
            if (problem == null) {
                Set<String> themes = new LinkedHashSet<>(ThemeSlugs.of(record.value()));
                if (themes.stream().noneMatch(watched)) {
                    return null;
                }
                PaperEnriched paper = EventJson.fromBytes(record.value(), PaperEnriched.class);
                problem = limits.problemOf(paper.title(), paper.summary(), paper.related(), paper.source());
                if (problem == null && paper.id() != null && paper.title() != null) {
                    return new ThemeRecord(record.partition(), record.offset(), List.copyOf(themes),
                            json.writeValueAsString(StreamedPaper.of(paper)));
                }
                problem = problem != null ? problem : "the paper has no id or no title";
            }
        } catch (InvalidEventException e) {
            problem = e.getMessage();
        } catch (JsonProcessingException e) {
            problem = "cannot write it as JSON: " + e.getOriginalMessage();
        }
        skipped.increment();
        LOG.debugf("skipped %s-%d@%d (key %s) on the theme streams: %s", record.topic(), record.partition(),
                record.offset(), record.key(), problem);
        return null;
    }
}
