package io.paperstream.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client of ingest's {@code POST /digests}, as a client with the shared token would post. Thread-safe.
 * Every answer is returned parsed (a 202 receipt, or a 4xx/5xx problem body with any rejected records); the
 * caller decides what a status means.
 */
public final class IngestClient {

    public static final String DIGESTS_PATH = "/digests";
    public static final String SOURCE_PARAMETER = "source";
    public static final String TEXT_PLAIN = "text/plain; charset=UTF-8";
    public static final int ACCEPTED = 202;

    /** What this client calls ({@code IngestApi}), for the check against ingest's served OpenAPI document. */
    public static final List<ApiOperation> OPERATIONS = io.paperstream.client.api.ApiContract.operations(
            io.paperstream.client.api.IngestApi.class);

    private final Function<String, URI> uris;
    private final String token;
    private final String source;

    /**
     * @param uris   a path (and query) to ingest's URI for it; a function, so a restarted ingest is found anew
     * @param token  the shared bearer token, or null/blank for none
     * @param source the {@code source} label of the posted papers, or null for the service's default
     */
    public IngestClient(Function<String, URI> uris, String token, String source) {
        this.uris = uris;
        this.token = token == null || token.isBlank() ? null : token;
        this.source = source;
    }

    public IngestClient(Function<String, URI> uris, String token) {
        this(uris, token, null);
    }

    /** @param baseUri ingest's base, e.g. {@code http://localhost:8081} */
    public IngestClient(URI baseUri, String token, String source) {
        this(baseUri::resolve, token, source);
    }

    /** A paper ingest accepted; {@code line} is where its title is in the posted digest. */
    public record AcceptedPaper(String id, String title, int line) {
    }

    /** A rejected record: the digest line of the problem, a stable code and a readable reason. */
    public record Rejection(int line, String code, String reason) {
    }

    /**
     * What ingest answered to one digest, with the times the request left and the answer came back.
     *
     * @param answeredAtNanos {@link System#nanoTime()} when the answer was complete, for rates and latencies
     */
    public record Answer(int status, String contentType, String body, Instant sentAt, Instant answeredAt,
                         long answeredAtNanos) {

        public Answer(int status, String contentType, String body, Instant sentAt, Instant answeredAt) {
            this(status, contentType, body, sentAt, answeredAt, System.nanoTime());
        }

        public boolean accepted() {
            return status == ACCEPTED;
        }

        public JsonNode json() {
            return Http.json(body);
        }

        /** Papers acknowledged ({@code accepted} of a 202; 0 otherwise). */
        public int acceptedCount() {
            return accepted() ? json().path("accepted").asInt() : 0;
        }

        /** The papers ingest accepted (202 answers only). */
        public List<AcceptedPaper> papers() {
            List<AcceptedPaper> papers = new ArrayList<>();
            if (accepted()) {
                json().path("papers").forEach(paper -> papers.add(new AcceptedPaper(paper.path("id").asText(),
                        paper.path("title").asText(), paper.path("line").asInt())));
            }
            return papers;
        }

        public List<String> paperIds() {
            return papers().stream().map(AcceptedPaper::id).toList();
        }

        /**
         * The rejected records: those of a 202 receipt, or those a 4xx problem lists (a digest without any valid
         * record answers 422 with them).
         */
        public List<Rejection> rejections() {
            List<Rejection> rejections = new ArrayList<>();
            if (body == null || body.isBlank() || !(accepted() || isProblem())) {
                return rejections;
            }
            json().path("rejected").forEach(rejected -> rejections.add(new Rejection(rejected.path("line").asInt(),
                    rejected.path("code").asText(), rejected.path("reason").asText())));
            return rejections;
        }

        public int rejectedCount() {
            return rejections().size();
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith(Problems.MEDIA_TYPE);
        }

        /** The problem body of a refusal, or null when the answer is not {@code application/problem+json}. */
        public Problems.Problem problem() {
            return isProblem() ? Problems.read(json()) : null;
        }

        /** Status and the start of the body, for an error message. */
        public String describe() {
            return "HTTP " + status + ": " + Http.excerpt(body);
        }
    }

    /** Posts a digest as UTF-8 text with the token. */
    public Answer post(String digest) {
        return post(digest.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a digest body (UTF-8 bytes) with the token. */
    public Answer post(byte[] digest) {
        return post(digest, TEXT_PLAIN, token);
    }

    /** Any body, any content type ({@code null}: none), any token ({@code null}: no credentials). */
    public Answer post(byte[] body, String contentType, String withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(digestsUri())
                .timeout(Http.REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (withToken != null) {
            request.header("Authorization", "Bearer " + withToken);
        }
        Instant sentAt = Instant.now();
        HttpResponse<String> response = Http.send(request.build());
        return new Answer(response.statusCode(), Http.contentType(response), response.body(), sentAt,
                Instant.now(), System.nanoTime());
    }

    /** Posts and requires a 202. @throws IllegalStateException for any other answer */
    public Answer postAccepted(byte[] digest) {
        Answer answer = post(digest);
        if (!answer.accepted()) {
            throw new IllegalStateException("POST " + digestsUri() + " answered " + answer.describe());
        }
        return answer;
    }

    /** The digests URI (with the source label), for clients other than this one. */
    public URI digestsUri() {
        String path = DIGESTS_PATH + (source == null ? "" : "?" + SOURCE_PARAMETER + "=" + Http.encode(source));
        return uris.apply(path);
    }

    public String token() {
        return token;
    }
}
