package io.paperstream.e2e.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/** Posts digests to ingest's {@code POST /digests}, as a client with the shared token would. */
public final class IngestClient {

    public static final String DIGESTS_PATH = "/digests";
    public static final String TEXT_PLAIN = "text/plain; charset=UTF-8";

    private final Function<String, URI> uris;
    private final String token;

    public IngestClient(Function<String, URI> uris, String token) {
        this.uris = uris;
        this.token = token;
    }

    /** What ingest answered to one digest, with the times the request left and the answer came back. */
    public record Answer(int status, String contentType, String body, Instant sentAt, Instant answeredAt) {

        public boolean accepted() {
            return status == 202;
        }

        public JsonNode json() {
            return Http.json(body);
        }

        /** Ids of the papers ingest accepted (202 answers only). */
        public List<String> paperIds() {
            List<String> ids = new ArrayList<>();
            if (accepted()) {
                json().path("papers").forEach(paper -> ids.add(paper.path("id").asText()));
            }
            return ids;
        }

        public int rejectedCount() {
            return accepted() ? json().path("rejected").size() : 0;
        }
    }

    public Answer postDigest(String digest) {
        return post(digest.getBytes(StandardCharsets.UTF_8), TEXT_PLAIN, token);
    }

    /** Any body, any content type ({@code null}: none), any token ({@code null}: no credentials). */
    public Answer post(byte[] body, String contentType, String withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uris.apply(DIGESTS_PATH))
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
        return new Answer(response.statusCode(), Http.contentType(response), response.body(), sentAt, Instant.now());
    }

    /** The digests URI, for clients other than this one. */
    public URI digestsUri() {
        return uris.apply(DIGESTS_PATH);
    }

    public String token() {
        return token;
    }
}
