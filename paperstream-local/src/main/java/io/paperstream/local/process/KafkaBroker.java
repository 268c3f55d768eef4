package io.paperstream.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker ({@link KafkaServerConfig}) running Kafka's own jars as a separate OS process
 * owned by this JVM, on two free loopback ports. Stopping and starting it again keeps its ports and data
 * directory, so clients see a real outage and a real recovery.
 */
public final class KafkaBroker {

    static final String HEAP = "-Xmx384m";
    /** The services' own default ({@code paperstream.topics.partitions}), for topics created without a count. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** Fewer partitions of the offsets and transaction topics than the broker's 50: a faster start. */
    private static final int INTERNAL_TOPIC_PARTITIONS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 60;

    private final String classPath;
    private final Path home;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private final ManagedProcess process;
    private final Path libDir;
    private int partitions = DEFAULT_PARTITIONS;

    /**
     * @param classes paperstream-local/target/classes (the broker's log4j2.xml)
     * @param lib     paperstream-local/target/lib (Kafka's jars)
     */
    public KafkaBroker(Path classes, Path lib, ProcessRegistry registry, Path home, Path logFile) {
        this.classPath = classes + java.io.File.pathSeparator + lib + "/*";
        this.libDir = lib;
        this.home = home;
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
        List<String> command = javaCommand(registry.markerArgument());
        command.add("kafka.Kafka");
        command.add(propertiesFile().toString());
        this.process = new ManagedProcess("kafka", command, Map.of(), logFile, registry);
    }

    public String bootstrapServers() {
        return KafkaServerConfig.HOST + ":" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    /** {@code num.partitions} from the next {@link #start()} on. */
    public void partitions(int count) {
        this.partitions = count;
    }

    /** Formats the storage if it is new (a no-op on restarts), starts the broker and waits until it serves. */
    public void start() {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("Kafka's jars are missing at " + libDir
                    + ": package paperstream-local first (./mvnw -B -ntp -pl paperstream-local package)");
        }
        KafkaServerConfig config = new KafkaServerConfig(port, controllerPort, home.resolve("data"), partitions,
                INTERNAL_TOPIC_PARTITIONS);
        config.write(propertiesFile(), "the end-to-end harness");
        config.format(propertiesFile(), clusterId, classPath, List.of(HEAP, "-XX:+UseSerialGC"),
                process.logFile().resolveSibling("kafka-storage-format.log"));
        process.start();
        Readiness.await("the broker", () -> Readiness.brokerAnswers(bootstrapServers()), process::isAlive,
                READY_TIMEOUT, () -> process.tail(LOG_TAIL_LINES));
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

    private List<String> javaCommand(String marker) {
        return new ArrayList<>(List.of(ProcessStarter.javaBinary(), HEAP, "-XX:+UseSerialGC", marker, "-cp",
                classPath));
    }

    private Path propertiesFile() {
        return home.resolve("server.properties");
    }

    public static void deleteRecursively(Path dir) {
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
