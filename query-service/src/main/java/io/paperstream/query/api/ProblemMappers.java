package io.paperstream.query.api;

import java.sql.SQLTransientConnectionException;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.paperstream.query.stream.StreamLimitException;

/**
 * Maps every failure to an {@code application/problem+json} response: our own problems, the framework's HTTP
 * errors (unknown route, wrong method, unacceptable media type, parameter conversion), stream limits, an
 * unreachable database (503) and, as a safety net, anything unexpected.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    /** Framework errors keep their status; a parameter the framework could not convert is a 400. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = status == 404 ? "nothing here: " + path(uri) : e.getMessage();
        return respond(new Problem("about:blank", title, status, detail, path(uri), Map.of()));
    }

    @ServerExceptionMapper
    public Response streamLimit(StreamLimitException e, UriInfo uri) {
        int status = e.perClient() ? 429 : 503;
        String type = Problem.TYPE_BASE + (e.perClient() ? "too-many-streams" : "streams-exhausted");
        String title = e.perClient() ? "Too many streams" : "No stream available";
        return Response.fromResponse(respond(new Problem(type, title, status, e.getMessage(), path(uri), Map.of())))
                .header("Retry-After", "30").build();
    }

    /** The safety net: logged with its stack, answered without it. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (databaseUnreachable(e)) {
            LOG.warnf("database unreachable while serving %s: %s", path(uri), e.getMessage());
            return respond(new Problem(Problem.TYPE_BASE + "catalog-unavailable", "Catalog unavailable", 503,
                    "the catalog database cannot be reached; try again shortly", path(uri), Map.of()));
        }
        LOG.errorf(e, "unexpected failure serving %s", path(uri));
        return respond(new Problem(Problem.TYPE_BASE + "internal-error", "Internal error", 500,
                "the request failed unexpectedly; the failure is logged", path(uri), Map.of()));
    }

    private static boolean databaseUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
