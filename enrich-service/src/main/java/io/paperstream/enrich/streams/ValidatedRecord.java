package io.paperstream.enrich.streams;

import io.paperstream.events.PaperParsed;

/**
 * A record of {@code papers.parsed} after validation: a paper (with the bytes it was read from, for a later
 * rejection), a deletion (tombstone of a paper id), or a rejection carrying the bytes for the dead-letter topic.
 */
record ValidatedRecord(PaperParsed paper, byte[] value, String rejection) {

    static ValidatedRecord valid(PaperParsed paper, byte[] value) {
        return new ValidatedRecord(paper, value, null);
    }

    static ValidatedRecord deletion() {
        return new ValidatedRecord(null, null, null);
    }

    /** The bytes to write to the dead letter (only meaningful for a rejection). */
    byte[] rejectedValue() {
        return value;
    }

    static ValidatedRecord rejected(byte[] value, String reason) {
        return new ValidatedRecord(null, value, reason);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
