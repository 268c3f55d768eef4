package io.paperstream.ingest.api;

import java.util.Locale;

/** The problem types this service answers with (RFC 9457 {@code type}), each with its HTTP status and title. */
public enum ProblemType {
    EMPTY_DIGEST(400, "Empty digest"),
    BINARY_BODY(400, "Binary body"),
    INVALID_UTF8(400, "Body is not UTF-8"),
    INVALID_SOURCE(400, "Invalid source label"),
    UNREADABLE_BODY(400, "Unreadable body"),
    MISSING_TOKEN(401, "Missing or wrong bearer token"),
    BODY_TOO_LARGE(413, "Body too large"),
    TOO_MANY_RECORDS(413, "Too many records in the digest"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    NO_VALID_RECORD(422, "No valid record in the digest"),
    RECORD_REFUSED(422, "Record refused by the broker"),
    INTERNAL_ERROR(500, "Internal error"),
    BROKER_UNAVAILABLE(503, "Broker unavailable"),
    BUSY(503, "Ingest busy");

    private static final String URN_PREFIX = "urn:paperstream:problem:";

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A stable, non-resolvable URI naming the problem (RFC 9457 §3.1.1 allows URNs). */
    public String uri() {
        return URN_PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
