package io.paperstream.query.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperEnriched;

/**
 * Turns a theme topic record into the paper event's data. A record that is not a paper is skipped with a WARN:
 * the same bytes reached papers.enriched, where the materializer dead-letters them.
 */
final class ThemeRecordDecoder {

    private static final Logger LOG = Logger.getLogger(ThemeRecordDecoder.class);

    private final ObjectMapper json;
    private final Counter skipped;

    ThemeRecordDecoder(ObjectMapper json, Counter skipped) {
        this.json = json;
        this.skipped = skipped;
    }

    /** The record as a stream item, or null when it is not a paper. */
    ThemeRecord decode(ConsumerRecord<String, byte[]> record) {
        String problem;
        try {
            PaperEnriched paper = EventJson.fromBytes(record.value(), PaperEnriched.class);
            if (paper.id() != null && paper.title() != null) {
                return new ThemeRecord(record.partition(), record.offset(),
                        json.writeValueAsString(StreamedPaper.of(paper)));
            }
            problem = "the paper has no id or no title";
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
