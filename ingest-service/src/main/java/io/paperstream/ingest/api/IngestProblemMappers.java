package io.paperstream.ingest.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.digest.TooManyRecordsException;
import io.paperstream.ingest.digest.UnreadableDigestException;
import io.paperstream.ingest.messaging.BrokerUnavailableException;
import io.paperstream.ingest.messaging.RecordRefusedException;
import io.paperstream.problem.Problem;
import io.paperstream.problem.ProblemMappers;

/**
 * Answers this service's own failures as problems; the shared {@link io.paperstream.problem.ProblemMappers} answer
 * the rest (HTTP errors, media types, the safety net).
 */
public class IngestProblemMappers {

    private static final Logger LOG = Logger.getLogger(IngestProblemMappers.class);

    private final long retryAfterSeconds;
    private final long busyRetryAfterSeconds;

    public IngestProblemMappers(IngestConfig config) {
        // a client should come back once the producer has had a full delivery window to reconnect
        this.retryAfterSeconds = Math.max(1, config.kafka().deliveryTimeout().toSeconds());
        // the digests ahead of it are answered within about that long
        this.busyRetryAfterSeconds = Math.max(1, config.bodyBudgetWait().toSeconds());
    }

    @ServerExceptionMapper
    public Response unreadable(UnreadableDigestException e, UriInfo uri) {
        IngestProblemType type = switch (e.kind()) {
            case EMPTY -> IngestProblemType.EMPTY_DIGEST;
            case BINARY -> IngestProblemType.BINARY_BODY;
            case NOT_UTF8 -> IngestProblemType.INVALID_UTF8;
        };
        return Problem.of(type, e.getMessage(), instance(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response tooManyRecords(TooManyRecordsException e, UriInfo uri) {
        return Problem.of(IngestProblemType.TOO_MANY_RECORDS, "The digest was refused: " + e.getMessage()
                + " (paperstream.ingest.max-records-per-digest); nothing of it is published", instance(uri))
                .with("maxRecordsPerDigest", e.maxRecords())
                .with("line", e.line())
                .toResponse();
    }

    /** The record itself is the problem: a retry of the same digest can never succeed, so never a 503. */
    @ServerExceptionMapper
    public Response refused(RecordRefusedException e, UriInfo uri) {
        LOG.warnf("Answering 422: %s", e.getMessage());
        return Problem.of(IngestProblemType.RECORD_REFUSED, "The broker refused " + e.record() + " for good ("
                + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + "). Retrying this"
                + " digest cannot succeed: remove or shorten that record. Other records of the digest may have been"
                + " published; posting them again is harmless (papers are keyed by paper id).", instance(uri))
                .with("line", e.line())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unavailable(BrokerUnavailableException e, UriInfo uri) {
        LOG.warnf("Answering 503: %s", e.getMessage());
        return Problem.of(IngestProblemType.BROKER_UNAVAILABLE, "The digest was not accepted because the event broker"
                + " did not acknowledge it in time; nothing of it is claimed. Retrying is safe. Cause: "
                + e.getMessage(), instance(uri))
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .build();
    }

    @ServerExceptionMapper
    public Response busy(BodyBudget.BusyException e, UriInfo uri) {
        LOG.infof("Answering 503: %s", e.getMessage());
        return Problem.of(IngestProblemType.BUSY, "The digest was not read: " + e.getMessage() + " (paperstream.ingest"
                + ".max-body-bytes-in-flight). Nothing of it is claimed; retrying is safe.", instance(uri))
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, busyRetryAfterSeconds)
                .header("Connection", "close") // the rest of the body stays unread
                .build();
    }

    private static String instance(UriInfo uri) {
        return ProblemMappers.path(uri);
    }
}
