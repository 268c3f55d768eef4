package io.paperstream.local.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waiting for a process to serve: a Quarkus service's readiness, a broker that answers, any condition. */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Readiness() {
    }

    /** Thrown when the process exited or was not ready in time; the message says which, with the log tail. */
    public static final class NotReady extends IllegalStateException {
        private final boolean exited;

        NotReady(String message, boolean exited) {
            super(message);
            this.exited = exited;
        }

        public boolean exited() {
            return exited;
        }
    }

    /**
     * Waits until {@code ready} holds; fails fast when {@code alive} no longer holds.
     *
     * @param logTail the process's recent log lines, for the failure message
     */
    public static void await(String name, BooleanSupplier ready, BooleanSupplier alive, Duration timeout,
            Supplier<String> logTail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new NotReady(name + " exited while starting; the end of its log:\n" + logTail.get(), true);
            }
            if (System.nanoTime() > deadline) {
                throw new NotReady(name + " was not ready after " + timeout.toSeconds() + "s; the end of its log:\n"
                        + logTail.get(), false);
            }
            sleep(POLL);
        }
    }

    /** The HTTP status of {@code /q/health/ready} on 127.0.0.1:port, 0 when nobody answers. */
    public static int healthStatus(int port) {
        return status(URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
    }

    public static int status(URI uri) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException notListening) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Whether a broker at {@code bootstrapServers} answers with at least one node. */
    public static boolean brokerAnswers(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            return !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
