package io.paperstream.query.api;

import java.sql.SQLException;
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
import io.paperstream.problem.ProblemException;
import io.paperstream.problem.ProblemMappers;
import io.paperstream.query.config.QueryConfig;
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

    /**
     * Tells the shared safety net that a database out of reach, or a pool whose every connection stayed busy, is no
     * bug: 503 with {@code Retry-After}, logged as a warning.
     */
    @ApplicationScoped
    static class DatabaseUnavailable implements FailureTranslator {

        private static final Logger LOG = Logger.getLogger(DatabaseUnavailable.class);

        /**
         * How Agroal (Quarkus's pool) says no connection came free within the acquisition timeout: a plain
         * SQLException without SQLState, so its message is the only sign (Hibernate wraps it as a generic error).
         */
        static final String POOL_ACQUISITION_TIMEOUT = "acquisition timeout";

        private final long retryAfterSeconds;

        DatabaseUnavailable(QueryConfig config) {
            this.retryAfterSeconds = Math.max(1, config.databaseRetryAfter().toSeconds());
        }

        @Override
        public ProblemException translate(Throwable failure, String instance) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException) {
                    LOG.warnf("database unreachable while serving %s: %s", instance, failure.getMessage());
                    return answer(QueryProblemType.CATALOG_UNAVAILABLE,
                            "the catalog database cannot be reached; try again shortly", instance);
                }
                if (cause instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
                        && sql.getMessage().contains(POOL_ACQUISITION_TIMEOUT)) {
                    LOG.warnf("every database connection busy while serving %s: %s", instance, sql.getMessage());
                    return answer(QueryProblemType.CATALOG_BUSY, "every connection to the catalog database stayed in"
                            + " use while this request waited; nothing was changed, try again shortly", instance);
                }
            }
            return null;
        }

        private ProblemException answer(QueryProblemType type, String detail, String instance) {
            return new ProblemException(Problem.of(type, detail, instance))
                    .withHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
    }
}
