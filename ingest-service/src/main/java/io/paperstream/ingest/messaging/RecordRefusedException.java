package io.paperstream.ingest.messaging;

/**
 * The broker (or the producer, before sending) refused one record for good, because of the record itself (too
 * large, invalid): retrying the same digest can never succeed, so this is the client's 4xx, not a 503.
 */
public class RecordRefusedException extends RuntimeException {

    private final int line;
    private final String record;

    /**
     * @param line   1-based line of the digest the record comes from
     * @param record what the record is, readable ("the paper on line 5", ...)
     */
    public RecordRefusedException(int line, String record, Throwable cause) {
        super(record + " was refused: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        this.line = line;
        this.record = record;
    }

    public int line() {
        return line;
    }

    public String record() {
        return record;
    }
}
