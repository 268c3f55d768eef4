package io.paperstream.ingest.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.problem.Problem;

/**
 * When {@code paperstream.ingest.token} is set, every write (any method but GET, HEAD, OPTIONS) needs
 * {@code Authorization: Bearer <token>}; reads stay open. Runs before matching, so an unauthenticated caller
 * learns nothing about paths or media types. The token is never logged.
 */
public class IngestTokenFilter {

    private static final Set<String> READ_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final String BEARER = "Bearer ";
    static final String CHALLENGE = "Bearer realm=\"paperstream-ingest\"";

    /** SHA-256 of the token, or null when writes are open. */
    private final byte[] expectedHash;

    public IngestTokenFilter(IngestConfig config) {
        this.expectedHash = config.token().filter(token -> !token.isBlank()).map(IngestTokenFilter::sha256).orElse(null);
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Response requireToken(ContainerRequestContext request) {
        if (expectedHash == null || READ_METHODS.contains(request.getMethod())) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && matches(authorization.substring(BEARER.length()).strip())) {
            return null;
        }
        String detail = authorization == null
                ? "This service requires 'Authorization: Bearer <token>' for writes"
                : "The bearer token is not the one this service expects";
        return Problem.of(IngestProblemType.MISSING_TOKEN, detail, request.getUriInfo().getRequestUri().getRawPath())
                .toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .build();
    }

    /** Compares digests of equal length in constant time, so timing reveals neither content nor length. */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(expectedHash, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
