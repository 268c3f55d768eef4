package io.paperstream.enrich.streams;

import io.paperstream.events.PaperParsed;

/**
 * A record of {@code papers.parsed} after validation: a paper, a deletion (tombstone of a paper id), or a rejection
 * carrying the original bytes for the dead-letter topic.
 */
record ValidatedRecord(PaperParsed paper, byte[] rejectedValue, String rejection) {

    static ValidatedRecord valid(PaperParsed paper) {
        return new ValidatedRecord(paper, null, null);
    }

    static ValidatedRecord deletion() {
        return new ValidatedRecord(null, null, null);
    }

    static ValidatedRecord rejected(byte[] value, String reason) {
        return new ValidatedRecord(null, value, reason);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
