package io.paperstream.problem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Turns every failure into an {@code application/problem+json} answer, in every service: problems raised on
 * purpose, the framework's HTTP errors (unknown path, wrong method, media types), malformed JSON, constraint
 * violations and, as the safety net, anything unexpected (logged once, answered 500 without its details). A
 * service maps its own exceptions in its own mapper class; the most specific exception type wins.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final List<FailureTranslator> translators;

    public ProblemMappers(Instance<FailureTranslator> translators) {
        this.translators = translators.stream().toList();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return Problem.of(CommonProblemType.UNSUPPORTED_MEDIA_TYPE, "This operation does not accept the request's"
                + " Content-Type; /q/openapi lists the media types of each operation", path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return Problem.of(CommonProblemType.MALFORMED_JSON, "The JSON body cannot be read: " + e.getOriginalMessage(),
                path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .map(violation -> Map.of("field", String.valueOf(violation.getPropertyPath()),
                        "message", violation.getMessage()))
                .toList();
        return Problem.of(CommonProblemType.CONSTRAINT_VIOLATION, violations.size() == 1
                ? violations.get(0).get("field") + ": " + violations.get(0).get("message")
                : violations.size() + " constraints are violated; see 'violations'", path(uri))
                .with("violations", violations)
                .toResponse();
    }

    /** Other HTTP errors (404, 405, 406...) keep their status and what it needs, such as Allow on a 405. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String detail = status == 404 ? "Nothing here: " + path(uri) : e.getMessage();
        Response.ResponseBuilder answer = Problem.ofStatus(status, detail, path(uri)).toResponseBuilder();
        original.getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    /**
     * The safety net. A failure the service knows (see {@link FailureTranslator}) gets its problem; anything else
     * is a bug: logged once with its stack and an id, answered with the id and nothing of the failure.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String path = path(uri);
        for (FailureTranslator translator : translators) {
            ProblemException known = translator.translate(e, path);
            if (known != null) {
                return known.toResponse(path);
            }
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s serving %s", errorId, path);
        return Problem.of(CommonProblemType.INTERNAL_ERROR, "The request failed unexpectedly; the failure is logged"
                + " with id " + errorId, path).with("errorId", errorId).toResponse();
    }

    /** The request's path, as the {@code instance} of its problem. */
    public static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
