package io.paperstream.ingest.api;

import io.paperstream.problem.ProblemType;

/**
 * The problem types this service answers with besides the common ones (see
 * {@link io.paperstream.problem.CommonProblemType}), each with its HTTP status and title.
 */
public enum IngestProblemType implements ProblemType {
    EMPTY_DIGEST(400, "Empty digest"),
    BINARY_BODY(400, "Binary body"),
    INVALID_UTF8(400, "Body is not UTF-8"),
    INVALID_SOURCE(400, "Invalid source label"),
    UNREADABLE_BODY(400, "Unreadable body"),
    MISSING_TOKEN(401, "Missing or wrong bearer token"),
    BODY_TOO_LARGE(413, "Body too large"),
    TOO_MANY_RECORDS(413, "Too many records in the digest"),
    NO_VALID_RECORD(422, "No valid record in the digest"),
    RECORD_REFUSED(422, "Record refused by the broker"),
    BROKER_UNAVAILABLE(503, "Broker unavailable"),
    BUSY(503, "Ingest busy");

    private final int status;
    private final String title;

    IngestProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
