package io.paperstream.query.api;

import java.sql.SQLTransientConnectionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.paperstream.problem.FailureTranslator;
import io.paperstream.problem.Problem;
import io.paperstream.problem.ProblemMappers;
import io.paperstream.query.stream.StreamLimitException;

/**
 * This service's own failures as problems: stream limits, and an unreachable database (503, whichever exception
 * carries it). The shared {@link ProblemMappers} answer the rest.
 */
public class QueryProblemMappers {

    /** A client should come back once some stream has ended; streams are long-lived, so not at once. */
    private static final int STREAM_RETRY_AFTER_SECONDS = 30;

    @ServerExceptionMapper
    public Response streamLimit(StreamLimitException e, UriInfo uri) {
        QueryProblemType type = e.perClient() ? QueryProblemType.TOO_MANY_STREAMS : QueryProblemType.STREAMS_EXHAUSTED;
        return Problem.of(type, e.getMessage(), ProblemMappers.path(uri)).toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, STREAM_RETRY_AFTER_SECONDS).build();
    }

    /** Tells the shared safety net that a database out of reach is no bug: 503, logged as a warning. */
    @ApplicationScoped
    static class DatabaseUnreachable implements FailureTranslator {

        private static final Logger LOG = Logger.getLogger(DatabaseUnreachable.class);

        @Override
        public Problem translate(Throwable failure, String instance) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException) {
                    LOG.warnf("database unreachable while serving %s: %s", instance, failure.getMessage());
                    return Problem.of(QueryProblemType.CATALOG_UNAVAILABLE,
                            "the catalog database cannot be reached; try again shortly", instance);
                }
            }
            return null;
        }
    }
}
