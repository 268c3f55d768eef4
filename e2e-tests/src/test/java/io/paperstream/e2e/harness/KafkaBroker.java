package io.paperstream.e2e.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker (broker and controller in one process) running Kafka's own jars as a
 * separate OS process on two fixed loopback ports. Stopping and starting it again keeps its ports and data
 * directory, so clients see a real outage and a real recovery.
 */
public final class KafkaBroker {

    static final String HEAP = "-Xmx384m";
    /** The services' own default ({@code paperstream.topics.partitions}), for topics created without a count. */
    static final int DEFAULT_PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);

    private final ProjectLayout layout;
    private final ProcessRegistry registry;
    private final Path home;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private final ManagedProcess process;
    private int partitions = DEFAULT_PARTITIONS;

    KafkaBroker(ProjectLayout layout, ProcessRegistry registry, Path home, Path logFile) {
        this.layout = layout;
        this.registry = registry;
        this.home = home;
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
        List<String> command = javaCommand();
        command.add("kafka.Kafka");
        command.add(propertiesFile().toString());
        this.process = new ManagedProcess("kafka", command, Map.of(), logFile, registry);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    /** {@code num.partitions} from the next {@link #start()} on. */
    void partitions(int count) {
        this.partitions = count;
    }

    /** Formats the storage if it is new (a no-op on restarts), starts the broker and waits until it serves. */
    public void start() {
        checkClasspath();
        writeProperties();
        format();
        process.start();
        awaitReady();
    }

    /** A hard crash: SIGKILL. The data directory stays, so {@link #start()} recovers from it. */
    public void kill() {
        process.kill();
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** Deletes all data: the next start is a brand-new cluster with no topics and no consumer offsets. */
    public void wipe() {
        if (process.isAlive()) {
            throw new IllegalStateException("stop the broker before wiping its data");
        }
        deleteRecursively(home.resolve("data"));
    }

    private void checkClasspath() {
        if (!Files.isDirectory(layout.brokerLib())) {
            throw new IllegalStateException("Kafka's jars are missing at " + layout.brokerLib()
                    + ": package paperstream-local first (./mvnw -B -ntp -pl paperstream-local package)");
        }
    }

    private List<String> javaCommand() {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(javaBinary, HEAP, "-XX:+UseSerialGC", registry.markerArgument(),
                "-cp", layout.brokerClasses() + File.pathSeparator + layout.brokerLib() + "/*"));
    }

    private Path propertiesFile() {
        return home.resolve("server.properties");
    }

    private void writeProperties() {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + home.resolve("data"),
                "num.partitions=" + partitions,
                // as in docker-compose.yml: topics exist only when a service (or the compose job) creates them
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                // as in the local run: a killed enrich's open transaction is aborted soon after its timeout
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.createDirectories(home);
            Files.writeString(propertiesFile(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() {
        List<String> command = javaCommand();
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                propertiesFile().toString(), "-g"));
        Path log = process.logFile().resolveSibling("kafka-storage-format.log");
        try {
            Files.createDirectories(log.getParent());
            Process format = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!format.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the broker storage timed out; log:\n"
                        + ManagedProcess.tail(log, 40));
            }
            if (format.exitValue() != 0) {
                throw new IllegalStateException("formatting the broker storage failed; log:\n"
                        + ManagedProcess.tail(log, 40));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited while starting; log tail:\n"
                            + process.tail(60));
                }
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the broker was not ready within " + READY_TIMEOUT + "; log tail:\n"
                + process.tail(60));
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
