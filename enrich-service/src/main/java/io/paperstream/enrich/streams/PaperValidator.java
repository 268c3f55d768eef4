package io.paperstream.enrich.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperParsed;

/**
 * Reads the raw bytes of a {@code papers.parsed} record as a {@link PaperParsed} and checks it. A valid paper goes on
 * keyed by its id; a tombstone (null value) goes on as the deletion of its key; anything else is a poison record,
 * passed on as a rejection with the original bytes and the dead-letter headers, so that the pipeline never stops on
 * bad input.
 */
class PaperValidator implements Processor<String, byte[], String, ValidatedRecord> {

    static final String STAGE = "enrich";
    private static final Logger LOG = Logger.getLogger(PaperValidator.class);

    private final EnrichMetrics metrics;
    private final int maxRecordBytes;
    private ProcessorContext<String, ValidatedRecord> context;

    PaperValidator(EnrichMetrics metrics, int maxRecordBytes) {
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void init(ProcessorContext<String, ValidatedRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() == null || record.key().isBlank()) {
                reject(record, "tombstone without a key: no paper to delete");
            } else {
                context.forward(record.withValue(ValidatedRecord.deletion()));
            }
            return;
        }
        PaperParsed paper;
        try {
            paper = EventJson.fromBytes(record.value(), PaperParsed.class);
        } catch (InvalidEventException e) {
            reject(record, e.getMessage());
            return;
        }
        String problem = problemOf(paper);
        if (problem != null) {
            reject(record, problem);
            return;
        }
        // the paper id is the key downstream, whatever key the producer used
        context.forward(record.withKey(paper.id()).withValue(ValidatedRecord.valid(paper, record.value())));
    }

    /** Why a well-formed PaperParsed cannot be enriched, or null when it can. */
    static String problemOf(PaperParsed paper) {
        if (paper.schemaVersion() < 1 || paper.schemaVersion() > PaperParsed.SCHEMA_VERSION) {
            return "unsupported PaperParsed schemaVersion " + paper.schemaVersion() + " (this service reads 1.."
                    + PaperParsed.SCHEMA_VERSION + ")";
        }
        if (paper.title() == null || paper.title().isBlank()) {
            return "PaperParsed without a title";
        }
        if (paper.id() == null || paper.id().isBlank()) {
            return "PaperParsed without an id";
        }
        if (!paper.id().equals(PaperId.fromTitle(paper.title()))) {
            return "PaperParsed id " + paper.id() + " is not the id of its title (" + PaperId.fromTitle(paper.title())
                    + ")";
        }
        return null;
    }

    private void reject(Record<String, byte[]> record, String reason) {
        Headers headers = DeadLetterRecords.headers(record.headers(), context, STAGE, reason);
        LOG.warnf("Dead-lettering record %s of %s: %s", record.key(), DeadLetterRecords.origin(context), reason);
        metrics.deadLettered();
        byte[] value = DeadLetterRecords.bounded(record.value(), maxRecordBytes, headers);
        context.forward(record.withValue(ValidatedRecord.rejected(value, reason)).withHeaders(headers));
    }
}
