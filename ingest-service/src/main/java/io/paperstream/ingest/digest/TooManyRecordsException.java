package io.paperstream.ingest.digest;

/**
 * The digest holds more records than {@code max-records-per-digest}: refused as a whole (split it), and found
 * while parsing, before the records beyond the limit cost any memory.
 */
public class TooManyRecordsException extends RuntimeException {

    private final int maxRecords;
    private final int line;

    public TooManyRecordsException(int maxRecords, int line) {
        super("the digest holds more than " + maxRecords + " records: record " + (maxRecords + 1L)
                + " starts on line " + line + "; split it into digests of at most " + maxRecords + " records");
        this.maxRecords = maxRecords;
        this.line = line;
    }

    public int maxRecords() {
        return maxRecords;
    }

    /** 1-based line where the first record beyond the limit starts. */
    public int line() {
        return line;
    }
}
