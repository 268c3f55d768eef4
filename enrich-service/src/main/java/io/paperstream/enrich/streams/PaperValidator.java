package io.paperstream.enrich.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperParsed;

/**
 * Reads the raw bytes of a {@code papers.parsed} record as a {@link PaperParsed} and checks it, with the same
 * {@link PaperLimits} as ingest (anyone with broker access can write to the topic). A valid paper goes on keyed by its
 * id; a tombstone (null value) goes on as the deletion of its key; anything else, including a record whose checking
 * throws, is a poison record, passed on as a rejection with the original bytes and the dead-letter headers, so that
 * the pipeline never stops on bad input.
 */
class PaperValidator implements Processor<String, byte[], String, ValidatedRecord> {

    static final String STAGE = "enrich";
    private static final Logger LOG = Logger.getLogger(PaperValidator.class);

    private final EnrichMetrics metrics;
    private final PaperLimits limits;
    private final PaperCodec codec;
    private ProcessorContext<String, ValidatedRecord> context;

    PaperValidator(EnrichMetrics metrics, PaperLimits limits, PaperCodec codec) {
        this.metrics = metrics;
        this.limits = limits;
        this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<String, ValidatedRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Record<String, ValidatedRecord> checked;
        try {
            checked = check(record);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Checking record %s of %s failed", DeadLetterRecords.loggable(record.key()), DeadLetterRecords.origin(context));
            checked = rejected(record, DeadLetterRecords.failure(e));
        }
        // outside the try: what fails downstream is not this record's check
        context.forward(checked);
    }

    private Record<String, ValidatedRecord> check(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() == null || record.key().isBlank()) {
                return rejected(record, "tombstone without a key: no paper to delete");
            }
            return record.withValue(ValidatedRecord.deletion());
        }
        PaperParsed paper;
        try {
            paper = codec.readParsed(record.value());
        } catch (InvalidEventException e) {
            return rejected(record, e.getMessage());
        }
        String problem = problemOf(paper, limits, codec);
        if (problem != null) {
            return rejected(record, problem);
        }
        // the paper id is the key downstream, whatever key the producer used
        return record.withKey(paper.id()).withValue(ValidatedRecord.valid(paper, record.value()));
    }

    /** Why a well-formed PaperParsed cannot be enriched, or null when it can. */
    static String problemOf(PaperParsed paper, PaperLimits limits, PaperCodec codec) {
        if (paper.schemaVersion() < 1 || paper.schemaVersion() > PaperParsed.SCHEMA_VERSION) {
            return "unsupported PaperParsed schemaVersion " + paper.schemaVersion() + " (this service reads 1.."
                    + PaperParsed.SCHEMA_VERSION + ")";
        }
        if (paper.title() == null || paper.title().isBlank()) {
            return "PaperParsed without a title";
        }
        // before the id check, which hashes the title: a hostile record costs no more than its size
        String limit = limits.problemOf(paper.title(), paper.summary(), paper.related(), paper.source());
        if (limit != null) {
            return "PaperParsed breaks the paper limits: " + limit;
        }
        if (paper.id() == null || paper.id().isBlank()) {
            return "PaperParsed without an id";
        }
        String titleId = codec.paperId(paper.title());
        if (!paper.id().equals(titleId)) {
            return "PaperParsed id " + paper.id() + " is not the id of its title (" + titleId + ")";
        }
        if (paper.line() < 1) {
            return "PaperParsed line " + paper.line() + " is not a line of a digest (lines count from 1)";
        }
        return null;
    }

    private Record<String, ValidatedRecord> rejected(Record<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering record %s of %s: %s", DeadLetterRecords.loggable(record.key()), DeadLetterRecords.origin(context), reason);
        metrics.deadLettered();
        DeadLetterRecords.DeadLetter letter = DeadLetterRecords.of(record.key(), record.value(), record.headers(),
                context, STAGE, reason, limits.maxRecordBytes());
        return record.withKey(letter.key()).withValue(ValidatedRecord.rejected(letter.value(), reason))
                .withHeaders(letter.headers());
    }
}
