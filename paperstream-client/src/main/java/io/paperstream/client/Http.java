package io.paperstream.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.events.EventJson;

/** The one HTTP client of the kit (the JDK's), and JSON reading in the events' conventions. */
public final class Http {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous: a POST may wait for the broker's acknowledgement, a GET for a busy 2-core machine. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** The client's own timeout does not cover every stage of an exchange, so the wait is bounded past it. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(10);
    private static final int EXCERPT_LIMIT = 300;

    /**
     * HTTP/1.1 (no h2c upgrade attempt on plain http), with daemon threads so that an open stream never keeps
     * the JVM alive.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .executor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "paperstream-http");
                thread.setDaemon(true);
                return thread;
            }))
            .build();

    private Http() {
    }

    public static HttpClient client() {
        return CLIENT;
    }

    public static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /** Sends and waits for the whole answer as text; unchecked, so it runs in any worker task. */
    public static HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends and waits for the whole answer, bounded by the request's timeout plus a grace.
     *
     * @throws UncheckedIOException  when the service cannot be reached or does not answer in time
     * @throws IllegalStateException when interrupted
     */
    public static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        CompletableFuture<HttpResponse<T>> answer = CLIENT.sendAsync(request, body);
        Duration timeout = request.timeout().orElse(REQUEST_TIMEOUT).plus(ANSWER_GRACE);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed",
                    new HttpTimeoutException("no complete answer within " + timeout));
        } catch (ExecutionException e) {
            IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: "
                    + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    /** GET that must answer 200 with JSON. */
    public static JsonNode getJson(URI uri) {
        HttpResponse<String> response = get(uri);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                    + excerpt(response.body()));
        }
        return json(response.body());
    }

    public static JsonNode json(String body) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + excerpt(body), e);
        }
    }

    public static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The start of an answer body, for an error message. */
    public static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.length() <= EXCERPT_LIMIT ? stripped : stripped.substring(0, EXCERPT_LIMIT) + "…";
    }

    public static String excerpt(byte[] body) {
        return excerpt(new String(body, StandardCharsets.UTF_8));
    }

    /** A query parameter value or path segment, URL-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
