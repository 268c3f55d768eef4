package io.paperstream.e2e.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.events.EventJson;

/** The one HTTP client of the tests (JDK's), and JSON reading in the events' conventions. */
public final class Http {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous: a POST may wait for the broker's acknowledgement, a GET for a busy 2-core machine. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(10);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    private Http() {
    }

    public static HttpClient client() {
        return CLIENT;
    }

    public static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /**
     * Sends and waits for the whole answer. The client's own request timeout does not cover every stage of an
     * exchange (a request whose body the server never reads can hang past it), so the wait is bounded here too.
     */
    public static HttpResponse<String> send(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> answer = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        Duration timeout = request.timeout().orElse(REQUEST_TIMEOUT).plus(ANSWER_GRACE);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed",
                    new HttpTimeoutException("no complete answer within " + timeout));
        } catch (ExecutionException e) {
            IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET that must answer 200 with JSON. */
    public static JsonNode getJson(URI uri) {
        HttpResponse<String> response = get(uri);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return json(response.body());
    }

    public static JsonNode json(String body) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + abbreviate(body), e);
        }
    }

    public static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
