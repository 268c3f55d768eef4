package io.paperstream.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * Ends a request with a problem answer ({@link ProblemMappers} writes it). Without an instance, the answer names
 * the request's path.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, Object> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    private ProblemException(Problem problem, Map<String, Object> headers) {
        super(problem.detail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException of(ProblemType type, String detail) {
        return new ProblemException(Problem.of(type, detail));
    }

    /** This exception with a header the answer needs besides the problem, such as {@code Retry-After}. */
    public ProblemException withHeader(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        ProblemException copy = new ProblemException(problem, more);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** The answer, about {@code path} unless the problem names its instance already. */
    public Response toResponse(String path) {
        Problem answered = problem.instance() == null ? problem.at(path) : problem;
        Response.ResponseBuilder response = answered.toResponseBuilder();
        headers.forEach(response::header);
        return response.build();
    }
}
