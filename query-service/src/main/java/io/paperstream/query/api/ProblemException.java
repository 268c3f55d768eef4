package io.paperstream.query.api;

import java.util.Map;

/** An error to answer as a problem detail (see {@link ProblemMappers}). */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String type, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    /** 400: a query parameter (or header) that cannot be used, named in the {@code parameter} member. */
    public static ProblemException invalidParameter(String parameter, String detail) {
        return new ProblemException(400, Problem.TYPE_BASE + "invalid-parameter", "Invalid parameter", detail,
                Map.of("parameter", parameter));
    }

    /** 404: the paper or theme the path names does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, Problem.TYPE_BASE + "not-found", "Not found", detail, Map.of());
    }

    public int status() {
        return status;
    }

    Problem toProblem(String instance) {
        return new Problem(type, title, status, getMessage(), instance, extensions);
    }
}
