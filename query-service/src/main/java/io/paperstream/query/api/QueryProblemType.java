package io.paperstream.query.api;

import io.paperstream.problem.ProblemType;

/**
 * The problem types this service answers with besides the common ones (see
 * {@link io.paperstream.problem.CommonProblemType}), each with its HTTP status and title.
 */
public enum QueryProblemType implements ProblemType {
    /** A query parameter (or header) that cannot be used, named in the {@code parameter} member. */
    INVALID_PARAMETER(400, "Invalid parameter"),
    /** The paper or theme the path names does not exist. */
    NOT_FOUND(404, "Not found"),
    TOO_MANY_STREAMS(429, "Too many streams"),
    STREAMS_EXHAUSTED(503, "No stream available"),
    CATALOG_UNAVAILABLE(503, "Catalog unavailable"),
    /** Every database connection stayed in use while the request waited for one: load, not a fault. */
    CATALOG_BUSY(503, "Catalog busy");

    private final int status;
    private final String title;

    QueryProblemType(int status, String title) {
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
