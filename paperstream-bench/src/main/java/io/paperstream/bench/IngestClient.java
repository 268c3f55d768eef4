package io.paperstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** POSTs digests to ingest's {@code /digests}. Thread-safe. */
public final class IngestClient {

    /** Ingest answers once the broker acknowledged every record: a big digest on a busy broker takes a while. */
    private static final Duration POST_TIMEOUT = Duration.ofSeconds(120);
    private static final String SOURCE = "bench";

    /** What a POST got: the 202's accepted count and when the answer arrived ({@link System#nanoTime()}). */
    public record Receipt(int accepted, long answeredAtNanos) {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();

    public IngestClient(HttpClient http, String ingestUrl, String token) {
        this.http = http;
        this.endpoint = URI.create(ingestUrl + "/digests?source=" + SOURCE);
        this.token = token;
    }

    /**
     * Unchecked throughout, since it runs in the phases' worker tasks.
     *
     * @throws IllegalStateException for any answer but 202 (the phase then stops: its figures would lie), or when
     *                               interrupted
     * @throws UncheckedIOException  when ingest cannot be reached
     */
    public Receipt post(byte[] digest) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(POST_TIMEOUT)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(digest));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long answeredAt = System.nanoTime();
            if (response.statusCode() != 202) {
                throw new IllegalStateException("POST " + endpoint + " answered HTTP " + response.statusCode() + ": "
                        + Http.excerpt(response.body()));
            }
            JsonNode receipt = json.readTree(response.body());
            return new Receipt(receipt.path("accepted").asInt(), answeredAt);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting a digest", e);
        }
    }
}
