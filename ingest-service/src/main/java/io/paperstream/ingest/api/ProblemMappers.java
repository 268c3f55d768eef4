package io.paperstream.ingest.api;

import java.util.UUID;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
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

/** Turns every failure into an {@code application/problem+json} answer; nothing leaves as a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final long retryAfterSeconds;
    private final long busyRetryAfterSeconds;

    public ProblemMappers(IngestConfig config) {
        // a client should come back once the producer has had a full delivery window to reconnect
        this.retryAfterSeconds = Math.max(1, config.kafka().deliveryTimeout().toSeconds());
        // the digests ahead of it are answered within about that long
        this.busyRetryAfterSeconds = Math.max(1, config.bodyBudgetWait().toSeconds());
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.response();
    }

    @ServerExceptionMapper
    public Response unreadable(UnreadableDigestException e, UriInfo uri) {
        ProblemType type = switch (e.kind()) {
            case EMPTY -> ProblemType.EMPTY_DIGEST;
            case BINARY -> ProblemType.BINARY_BODY;
            case NOT_UTF8 -> ProblemType.INVALID_UTF8;
        };
        return Problem.of(type, e.getMessage(), instance(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response tooManyRecords(TooManyRecordsException e, UriInfo uri) {
        return Problem.of(ProblemType.TOO_MANY_RECORDS, "The digest was refused: " + e.getMessage()
                + " (paperstream.ingest.max-records-per-digest); nothing of it is published", instance(uri))
                .with("maxRecordsPerDigest", e.maxRecords())
                .with("line", e.line())
                .toResponse();
    }

    /** The record itself is the problem: a retry of the same digest can never succeed, so never a 503. */
    @ServerExceptionMapper
    public Response refused(RecordRefusedException e, UriInfo uri) {
        LOG.warnf("Answering 422: %s", e.getMessage());
        return Problem.of(ProblemType.RECORD_REFUSED, "The broker refused " + e.record() + " for good ("
                + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + "). Retrying this"
                + " digest cannot succeed: remove or shorten that record. Other records of the digest may have been"
                + " published; posting them again is harmless (papers are keyed by paper id).", instance(uri))
                .with("line", e.line())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unavailable(BrokerUnavailableException e, UriInfo uri) {
        LOG.warnf("Answering 503: %s", e.getMessage());
        return Problem.of(ProblemType.BROKER_UNAVAILABLE, "The digest was not accepted because the event broker"
                + " did not acknowledge it in time; nothing of it is claimed. Retrying is safe. Cause: "
                + e.getMessage(), instance(uri))
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .build();
    }

    @ServerExceptionMapper
    public Response busy(BodyBudget.BusyException e, UriInfo uri) {
        LOG.infof("Answering 503: %s", e.getMessage());
        return Problem.of(ProblemType.BUSY, "The digest was not read: " + e.getMessage() + " (paperstream.ingest"
                + ".max-body-bytes-in-flight). Nothing of it is claimed; retrying is safe.", instance(uri))
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, busyRetryAfterSeconds)
                .header("Connection", "close") // the rest of the body stays unread
                .build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Send the digest as 'Content-Type: text/plain' (UTF-8)", instance(uri)).toResponse();
    }

    /** Other HTTP errors (404, 405, 406...): their own status, as a problem with the standard title. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        Response.ResponseBuilder answer = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                e.getMessage(), instance(uri)).toResponseBuilder();
        // keep what the status needs, such as Allow on a 405
        original.getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    /** The safety net: a bug, not the client's input. Logged with an id that the answer repeats. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, instance(uri));
        return Problem.of(ProblemType.INTERNAL_ERROR, "Unexpected error; it is logged with id " + errorId,
                instance(uri)).with("errorId", errorId).toResponse();
    }

    static String instance(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
