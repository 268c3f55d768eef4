package io.paperstream.ingest.api;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body whose declared {@code Content-Length} is over {@code paperstream.ingest.max-body-size} before a
 * byte of it is read, with a problem+json 413. It runs ahead of Quarkus' own body limit (which would answer a
 * bare 413); bodies without a length (chunked) are counted while they are read by {@link DigestResource}.
 */
@ApplicationScoped
public class RequestSizeGuard {

    /** Quarkus checks {@code quarkus.http.limits.max-body-size} at route order -2: this must come first. */
    static final int ROUTE_ORDER = -3;

    private static final Logger LOG = Logger.getLogger(RequestSizeGuard.class);

    private final long maxBodySize;
    private final ObjectMapper mapper;

    private final Optional<MemorySize> quarkusLimit;

    public RequestSizeGuard(IngestConfig config, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> quarkusLimit) {
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.mapper = mapper;
        this.quarkusLimit = quarkusLimit;
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::check);
        if (quarkusLimit.isPresent() && quarkusLimit.get().asLongValue() <= maxBodySize) {
            LOG.warnf("quarkus.http.limits.max-body-size (%d) is not above paperstream.ingest.max-body-size (%d):"
                    + " chunked bodies over it get Quarkus' bare 413 instead of a problem+json one",
                    quarkusLimit.get().asLongValue(), maxBodySize);
        }
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared)) {
            Problem problem = tooLarge(maxBodySize, context.request().path());
            byte[] body;
            try {
                body = mapper.writeValueAsBytes(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem detail is always serializable", e);
            }
            context.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    // the unread body would otherwise be taken for the next request on this connection
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .end(Buffer.buffer(body));
            return;
        }
        context.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.strip()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec rejects malformed lengths itself
        }
    }

    static Problem tooLarge(long maxBodySize, String instance) {
        return Problem.of(IngestProblemType.BODY_TOO_LARGE, "The body is larger than the limit of " + maxBodySize
                + " bytes; split the digest into smaller ones", instance).with("maxBodySize", maxBodySize);
    }
}
