package io.paperstream.ingest.api;

import jakarta.ws.rs.core.Response;

/** Ends a request with a problem answer. */
public class ProblemException extends RuntimeException {

    private final transient Response response;

    public ProblemException(Problem problem) {
        this(problem.detail(), problem.toResponse());
    }

    /** For a problem answer that needs more than the problem, such as a header. */
    public ProblemException(String message, Response response) {
        super(message);
        this.response = response;
    }

    public Response response() {
        return response;
    }
}
