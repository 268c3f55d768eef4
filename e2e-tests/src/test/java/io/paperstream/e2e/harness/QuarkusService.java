package io.paperstream.e2e.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code <service>/target/quarkus-app/quarkus-run.jar}) running as its own JVM on a
 * fixed loopback port, configured only through environment variables, as in docker-compose.yml.
 */
public final class QuarkusService {

    static final String HEAP = "-Xmx256m";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String service;
    private final int port;
    private final ManagedProcess process;

    QuarkusService(String instanceName, String service, Path jar, Map<String, String> environment, Path logFile,
            ProcessRegistry registry) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + service
                    + " first (./mvnw -B -ntp -pl " + service + " package -DskipTests)");
        }
        this.service = service;
        this.port = FreePorts.next();
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, HEAP, "-XX:+UseSerialGC", registry.markerArgument(),
                "-jar", jar.toString()));
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        this.process = new ManagedProcess(instanceName, command, env, logFile, registry);
    }

    public String service() {
        return service;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public ManagedProcess process() {
        return process;
    }

    public void start() {
        process.start();
        awaitReady();
    }

    /** SIGKILL: the service gets no chance to commit offsets, flush or leave its consumer group. */
    public void kill() {
        process.kill();
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for {@code /q/health/ready} to answer 200; fails fast, with the log tail, if the JVM exits. */
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited while starting; log tail:\n"
                        + process.tail(80));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(process.name() + " was not ready within " + READY_TIMEOUT
                + " (last answer: " + last + "); log tail:\n" + process.tail(80));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return process + " on port " + port;
    }
}
