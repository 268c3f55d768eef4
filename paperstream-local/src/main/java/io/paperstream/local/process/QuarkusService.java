package io.paperstream.local.process;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code <service>/target/quarkus-app/quarkus-run.jar}) running as its own JVM owned by
 * this one, on a free loopback port, configured only through environment variables, as in docker-compose.yml.
 */
public final class QuarkusService {

    static final String HEAP = "-Xmx256m";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 80;

    private final String service;
    private final int port;
    private final ManagedProcess process;

    public QuarkusService(String instanceName, String service, Path jar, Map<String, String> environment,
            Path logFile, ProcessRegistry registry) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + service
                    + " first (./mvnw -B -ntp -pl " + service + " package -DskipTests)");
        }
        this.service = service;
        this.port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary(), HEAP, "-XX:+UseSerialGC",
                registry.markerArgument(), "-jar", jar.toString()));
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
        Readiness.await(process.name(), () -> Readiness.healthStatus(port) == 200, process::isAlive, READY_TIMEOUT,
                () -> process.tail(LOG_TAIL_LINES));
    }

    @Override
    public String toString() {
        return process + " on port " + port;
    }
}
