package io.paperstream.bench;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The benchmark's HTTP client settings, in one place. */
final class Http {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int EXCERPT_LIMIT = 300;

    private Http() {
    }

    /**
     * HTTP/1.1 (no h2c upgrade attempt on plain http), with its own daemon threads so that open streams never
     * keep the JVM alive.
     */
    static HttpClient client() {
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .executor(executor).build();
    }

    /** The start of an answer body, for an error message. */
    static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= EXCERPT_LIMIT ? text : text.substring(0, EXCERPT_LIMIT) + "…";
    }
}
