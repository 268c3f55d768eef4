package io.paperstream.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.paperstream.local.process.KafkaBroker;
import io.paperstream.local.process.ManagedProcess;
import io.paperstream.local.process.ProcessRegistry;
import io.paperstream.local.process.QuarkusService;
import io.paperstream.testing.PostgresResource;

/**
 * The whole pipeline for end-to-end tests, one per test JVM: a KRaft broker process, an embedded PostgreSQL
 * (in the test JVM) and the three packaged services, each its own OS process configured by environment
 * variables only (the same ones docker-compose.yml sets). Test classes share it; a scenario that needs an
 * empty catalog asks for {@link #startFresh(String)}, which keeps the broker's ports but wipes its data,
 * gives query a new database and enrich an empty state directory.
 * <p>
 * Everything is stopped by a shutdown hook, also when a test fails or the run is interrupted; processes of
 * a test JVM that was itself killed are ended by the next run.
 */
public final class PipelineHarness {

    public static final String INGEST = "ingest-service";
    public static final String ENRICH = "enrich-service";
    public static final String QUERY = "query-service";
    /** Every service's {@code paperstream.topics.partitions}: partitions of the topics it creates. */
    static final String PARTITIONS_ENV = "PAPERSTREAM_TOPICS_PARTITIONS";

    /**
     * A scaled-out pipeline: every topic with {@code partitions} partitions, {@code enrichInstances} enrich and
     * {@code queryInstances} query instances (one ingest).
     */
    public record Scale(int partitions, int enrichInstances, int queryInstances) {
    }

    /** How long a run waits for another run of the same checkout to end. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(30);

    private static PipelineHarness shared;

    private final ProjectLayout layout;
    private final ProcessRegistry registry;
    private final Path work;
    private final String ingestToken = "e2e-" + UUID.randomUUID();
    private final AtomicInteger databases = new AtomicInteger();
    private final List<QuarkusService> services = new ArrayList<>();
    private FileLock checkoutLock;
    private KafkaBroker broker;
    private Map<String, String> database;
    private Path logDir;
    private String label;
    /** Partitions of every topic of the current pipeline; null: the services' and the broker's defaults. */
    private Integer partitions;
    private QuarkusService ingest;
    private QuarkusService enrich;
    private QuarkusService query;

    private PipelineHarness(ProjectLayout layout) {
        this.layout = layout;
        this.work = layout.workDir();
        this.registry = new ProcessRegistry(work, line -> Progress.log("%s", line));
    }

    /** The harness of this test JVM; nothing runs until a test asks for it. */
    public static synchronized PipelineHarness shared() {
        if (shared == null) {
            PipelineHarness harness = new PipelineHarness(ProjectLayout.detect());
            harness.lockCheckout();
            harness.registry.reapLeftovers();
            for (String dir : List.of("e2e-logs", "e2e-kafka", "e2e-state")) {
                KafkaBroker.deleteRecursively(harness.work.resolve(dir));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(harness::shutdown, "e2e-harness-stop"));
            shared = harness;
        }
        return shared;
    }

    /**
     * One end-to-end run per checkout at a time: two would share ports' owners, pid files and directories (and
     * the second would reap the first's processes). Waits for another run to end; the lock is the OS's, so it
     * is released even when the JVM holding it is killed.
     */
    private void lockCheckout() {
        try {
            Files.createDirectories(work);
            FileChannel channel = FileChannel.open(work.resolve("e2e.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
            long nextReport = 0;
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("another end-to-end run of this checkout held " + work
                            + "/e2e.lock for " + LOCK_WAIT);
                }
                if (System.nanoTime() > nextReport) {
                    Progress.log("waiting for another end-to-end run of this checkout to finish (%s/e2e.lock)", work);
                    nextReport = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                }
                Thread.sleep(1_000);
            }
            checkoutLock = lock; // held until the JVM exits
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + work, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ProjectLayout layout() {
        return layout;
    }

    public String ingestToken() {
        return ingestToken;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public QuarkusService ingest() {
        return ingest;
    }

    public QuarkusService enrich() {
        return enrich;
    }

    public QuarkusService query() {
        return query;
    }

    /**
     * Makes sure these services (and the broker) run, reusing whatever already does; for tests that do not
     * care what the catalog holds. Starts a fresh pipeline of just these services otherwise.
     */
    public synchronized void ensureStarted(String... servicesNeeded) {
        boolean running = broker != null && broker.process().isAlive();
        for (String service : servicesNeeded) {
            QuarkusService instance = switch (service) {
                case INGEST -> ingest;
                case ENRICH -> enrich;
                case QUERY -> query;
                default -> throw new IllegalArgumentException(service);
            };
            running &= instance != null && instance.isAlive();
        }
        if (!running) {
            startFresh(String.join("+", servicesNeeded), servicesNeeded);
        }
    }

    /**
     * A pipeline with nothing in it: same broker ports, wiped broker data (no topics, no offsets), a new
     * database for query and empty Kafka Streams state for enrich. Logs go to {@code target/e2e-logs/<label>/}.
     */
    public synchronized void startFresh(String label) {
        startFresh(label, INGEST, ENRICH, QUERY);
    }

    /** As {@link #startFresh(String)}, starting only some of the services (in pipeline order). */
    public synchronized void startFresh(String label, String... servicesToStart) {
        startPipeline(label, null, servicesToStart);
    }

    /**
     * As {@link #startFresh(String)}, with {@code scale.partitions()} partitions in every topic (the broker's
     * {@code num.partitions} and every service's {@value #PARTITIONS_ENV}) and the extra enrich and query
     * instances started next to the first ones ({@code enrich-service-2}, ..., {@code query-service-2}, ...).
     * Each instance has its own port, log and (enrich) state directory; all share the consumer groups and
     * the database.
     */
    public synchronized void startScaledOut(String label, Scale scale) {
        startPipeline(label, scale.partitions(), INGEST, ENRICH, QUERY);
        List<QuarkusService> extras = new ArrayList<>();
        for (int i = 2; i <= scale.enrichInstances(); i++) {
            extras.add(newService(ENRICH + "-" + i, ENRICH));
        }
        for (int i = 2; i <= scale.queryInstances(); i++) {
            extras.add(newService(QUERY + "-" + i, QUERY));
        }
        // side by side: each JVM's start is mostly waiting for the broker and its own class loading
        extras.forEach(extra -> extra.process().start());
        extras.forEach(QuarkusService::awaitReady);
        Progress.log("scaled out '%s': %d partitions, %s", label, scale.partitions(), services);
    }

    private void startPipeline(String label, Integer partitionCount, String... servicesToStart) {
        Set<String> wanted = Set.of(servicesToStart);
        long started = System.nanoTime();
        stopServices();
        this.label = label;
        this.partitions = partitionCount;
        this.logDir = work.resolve("e2e-logs").resolve(label);
        if (broker == null) {
            broker = new KafkaBroker(layout.brokerClasses(), layout.brokerLib(), registry, work.resolve("e2e-kafka"),
                    work.resolve("e2e-logs").resolve("kafka.log"));
        } else {
            broker.stop();
            broker.wipe();
        }
        broker.partitions(partitions == null ? KafkaBroker.DEFAULT_PARTITIONS : partitions);
        KafkaBroker.deleteRecursively(work.resolve("e2e-state"));
        // one broker log for the whole run (ports stay the same); a marker line starts each (re)start
        broker.start();
        database = newDatabase();
        ingest = wanted.contains(INGEST) ? newService(INGEST, INGEST) : null;
        enrich = wanted.contains(ENRICH) ? newService(ENRICH, ENRICH) : null;
        query = wanted.contains(QUERY) ? newService(QUERY, QUERY) : null;
        for (QuarkusService service : List.copyOf(services)) {
            service.start();
        }
        Progress.log("fresh pipeline '%s' ready in %d s: broker %s, %s", label,
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), broker.bootstrapServers(), services);
    }

    /** Another enrich instance in the same Kafka Streams application (consumer group), own port and state. */
    public synchronized QuarkusService startExtraEnrich(String instanceName) {
        QuarkusService extra = newService(instanceName, ENRICH);
        extra.start();
        return extra;
    }

    /** Every enrich instance of the current pipeline, the first one first (running or not). */
    public synchronized List<QuarkusService> enrichInstances() {
        return instancesOf(ENRICH);
    }

    /** Every query instance of the current pipeline, the first one first (running or not). */
    public synchronized List<QuarkusService> queryInstances() {
        return instancesOf(QUERY);
    }

    private List<QuarkusService> instancesOf(String service) {
        return services.stream().filter(s -> s.service().equals(service)).toList();
    }

    /** A connection to the current pipeline's catalog database, for checks that do not trust query's API. */
    public synchronized Connection catalogConnection() throws SQLException {
        return DriverManager.getConnection(database.get("url"), database.get("user"), database.get("password"));
    }

    /**
     * Stops the first instance of {@code service} and starts it again with {@code extraEnv} on top of the
     * environment the harness gives it (for a setting a scenario changes, such as enrich's taxonomy file): same
     * instance name, state directory and log (appended), a new port. Other instances are left as they are.
     */
    public synchronized QuarkusService restartWith(String service, Map<String, String> extraEnv) {
        QuarkusService old = switch (service) {
            case INGEST -> ingest;
            case ENRICH -> enrich;
            case QUERY -> query;
            default -> throw new IllegalArgumentException(service);
        };
        if (old == null) {
            throw new IllegalStateException(service + " is not part of " + this);
        }
        old.stop();
        QuarkusService replacement = newService(old.process().name(), service, extraEnv);
        services.remove(old);
        switch (service) {
            case INGEST -> ingest = replacement;
            case ENRICH -> enrich = replacement;
            default -> query = replacement;
        }
        replacement.start();
        Progress.log("restarted %s with %s", replacement, extraEnv.keySet());
        return replacement;
    }

    private QuarkusService newService(String instanceName, String service) {
        return newService(instanceName, service, Map.of());
    }

    private QuarkusService newService(String instanceName, String service, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        if (partitions != null) {
            env.put(PARTITIONS_ENV, partitions.toString());
        }
        switch (service) {
            case INGEST -> env.put("PAPERSTREAM_INGEST_TOKEN", ingestToken);
            case ENRICH -> env.put("KAFKA_STREAMS_STATE_DIR",
                    work.resolve("e2e-state").resolve(instanceName).toString());
            case QUERY -> {
                env.put("QUARKUS_DATASOURCE_JDBC_URL", database.get("url"));
                env.put("QUARKUS_DATASOURCE_USERNAME", database.get("user"));
                env.put("QUARKUS_DATASOURCE_PASSWORD", database.get("password"));
            }
            default -> throw new IllegalArgumentException(service);
        }
        env.putAll(extraEnv);
        QuarkusService instance = new QuarkusService(instanceName, service, layout.serviceJar(service), env,
                logDir.resolve(instanceName + ".log"), registry);
        services.add(instance);
        return instance;
    }

    /** An empty database on the shared embedded PostgreSQL, so every fresh pipeline has an empty catalog. */
    private Map<String, String> newDatabase() {
        Map<String, String> server = PostgresResource.connection();
        String name = "catalog_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(server.get("url"), server.get("user"),
                server.get("password")); var statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name);
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        String url = server.get("url").replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return Map.of("url", url, "user", server.get("user"), "password", server.get("password"));
    }

    private void stopServices() {
        List<Thread> stopping = new ArrayList<>();
        for (QuarkusService service : services) {
            Thread thread = new Thread(service::stop, "e2e-stop-" + service.process().name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
    }

    /** Stops everything; the shutdown hook calls it. */
    public synchronized void shutdown() {
        try {
            stopServices();
            if (broker != null) {
                broker.stop();
            }
        } finally {
            registry.killAll();
        }
    }

    /** One paragraph per process of the current pipeline, for failure messages. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        List<ManagedProcess> processes = new ArrayList<>();
        if (broker != null) {
            processes.add(broker.process());
        }
        services.forEach(s -> processes.add(s.process()));
        for (ManagedProcess process : processes) {
            out.append("\n----- ").append(process).append(", ").append(process.logFile()).append(" -----\n")
                    .append(process.tail(lines)).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "pipeline '" + label + "'";
    }
}
