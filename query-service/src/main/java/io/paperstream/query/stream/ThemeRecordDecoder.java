package io.paperstream.query.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperLimits;

/**
 * Turns a theme topic record into the paper event's data. A record that is not a paper, or breaks the shared
 * {@link PaperLimits} (anyone with broker access can write a theme topic), is skipped with a WARN: the same bytes
 * reached papers.enriched, where the materializer dead-letters them.
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

    /** The record as a stream item, or null when it is not a paper. */
    ThemeRecord decode(ConsumerRecord<String, byte[]> record) {
        String problem = record.value() == null ? "no value" : limits.recordSizeProblem(record.value().length);
        try {
            PaperEnriched paper = problem != null ? null : EventJson.fromBytes(record.value(), PaperEnriched.class);
            if (paper != null) {
                problem = limits.problemOf(paper.title(), paper.summary(), paper.related(), paper.source());
            }
            if (problem == null && paper.id() != null && paper.title() != null) {
                return new ThemeRecord(record.partition(), record.offset(),
                        json.writeValueAsString(StreamedPaper.of(paper)));
            }
            problem = problem != null ? problem : "the paper has no id or no title";
        } catch (InvalidEventException e) {
            problem = e.getMessage();
        } catch (JsonProcessingException e) {
            problem = "cannot write it as JSON: " + e.getOriginalMessage();
        }
        skipped.increment();
        LOG.warnf("skipped %s-%d@%d (key %s) on the theme streams: %s", record.topic(), record.partition(),
                record.offset(), record.key(), problem);
        return null;
    }
}
