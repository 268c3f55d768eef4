package io.paperstream.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.paperstream.local.process.Daemon;
import io.paperstream.local.process.FreePorts;
import io.paperstream.local.process.KafkaServerConfig;
import io.paperstream.local.process.LogFile;
import io.paperstream.local.process.ProcessMarker;
import io.paperstream.local.process.ProcessStarter;
import io.paperstream.local.process.Readiness;

/**
 * The local stack's processes: each a {@link Daemon} of this checkout (pid in var/run/, log in var/log/),
 * started with its settings in its environment, never as arguments; what the commands start, stop and ask
 * about.
 */
public final class Stack {

    /** Every process we start carries both markers (not under "paperstream.": the services validate those). */
    static final String PROCESS_MARKER = "paperstream-launcher.process";
    static final String HOME_MARKER = "paperstream-launcher.home";
    static final String STARTER = "paperstream";
    private static final int TOKEN_BYTES = 24;
    private static final int LOG_TAIL_LINES = 40;
    private static final String POSTGRES_READY_LINE = "PostgreSQL ready on";

    private final Settings settings;
    private final VarDir var;
    private final Console console;

    public Stack(Settings settings, Console console) {
        this.settings = settings;
        this.var = new VarDir(settings.var());
        this.console = console;
    }

    public Settings settings() {
        return settings;
    }

    public VarDir var() {
        return var;
    }

    public Daemon daemon(String name) {
        return new Daemon(name, var.run(), var.log(), List.of(new ProcessMarker(PROCESS_MARKER, name),
                new ProcessMarker(HOME_MARKER, settings.root().toString())));
    }

    public Optional<ProcessHandle> running(String name) {
        return daemon(name).running();
    }

    public Path serviceJar(String service) {
        return settings.root().resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
    }

    public Path localClasses() {
        return settings.root().resolve("paperstream-local/target/classes");
    }

    public Path localLib() {
        return settings.root().resolve("paperstream-local/target/lib");
    }

    /** paperstream-local's class path: Kafka's jars and tools, LocalPostgres, CatalogReset, this CLI. */
    public String localClassPath() {
        return localClasses() + java.io.File.pathSeparator + localLib() + "/*";
    }

    public void requireLocalInfrastructure() {
        boolean kafkaJars;
        try (var files = Files.list(localLib())) {
            kafkaJars = files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            kafkaJars = false;
        }
        if (!kafkaJars || !Files.isDirectory(localClasses())) {
            throw new CliException("paperstream-local is not built: run bin/paperstream up (it builds) or"
                    + " ./mvnw -B -ntp package -DskipTests");
        }
    }

    public void requireRunning(String name) {
        if (running(name).isEmpty()) {
            throw new CliException(name + " is not running: start it with bin/paperstream up");
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // starting

    private List<String> java(String process, String heap) {
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary(), "-Xmx" + heap));
        command.addAll(settings.jvmFlagsOf(process));
        return command;
    }

    /** The environment of every child: ours, with glibc's malloc arenas kept at two (plenty for these JVMs). */
    private Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>();
        if (!settings.environment().containsKey("MALLOC_ARENA_MAX")) {
            env.put("MALLOC_ARENA_MAX", "2");
        }
        return env;
    }

    /** true when {@code name} already runs (and says so); clears a stale pid file. */
    private boolean alreadyRunning(String name) {
        Daemon daemon = daemon(name);
        Optional<ProcessHandle> running = daemon.running();
        if (running.isPresent()) {
            console.say("%s already running (pid %d)", name, running.get().pid());
            return true;
        }
        Optional<Long> stale = daemon.recordedPid();
        if (stale.isPresent()) {
            console.say("%s is not running any more (pid %d gone): starting it again", name, stale.get());
            daemon.forgetPid();
        }
        return false;
    }

    private void requireFreePort(String name, int port) {
        if (FreePorts.isOpen(port)) {
            throw new CliException("cannot start " + name + ": port " + port + " is already in use (not by this"
                    + " launcher). Stop that process or choose another port (see bin/paperstream help)");
        }
    }

    /** Starts the daemon and waits until {@code ready}; on failure prints its log tail and stops it. */
    private void launch(Daemon daemon, List<String> command, Map<String, String> env,
            java.util.function.BooleanSupplier ready) {
        long pid = daemon.start(command, env, STARTER);
        try {
            Readiness.await(daemon.name(), ready, () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                    .orElse(false), settings.readyTimeout(),
                    () -> LogFile.lastLines(daemon.logSinceStart(), LOG_TAIL_LINES));
        } catch (Readiness.NotReady e) {
            if (e.exited()) {
                daemon.forgetPid();
            } else {
                daemon.stop(settings.stopTimeout(), console::warn);
            }
            throw new CliException(e.getMessage().replace("its log", "var/log/" + daemon.name() + ".log"));
        }
    }

    public void startKafka() {
        if (alreadyRunning("kafka")) {
            return;
        }
        requireFreePort("kafka", settings.kafkaPort());
        requireFreePort("kafka (controller)", settings.kafkaControllerPort());
        KafkaServerConfig config = new KafkaServerConfig(settings.kafkaPort(), settings.kafkaControllerPort(),
                var.kafkaData(), settings.partitions(), 0);
        config.write(var.kafkaProperties(), "bin/paperstream");
        Daemon daemon = daemon("kafka");
        if (!Files.isRegularFile(var.kafkaData().resolve("meta.properties"))) {
            config.format(var.kafkaProperties(), clusterId(), localClassPath(), List.of("-Xmx" + settings.toolHeap()),
                    daemon.logFile());
        }
        List<String> command = java("kafka", settings.kafkaHeap());
        command.addAll(daemon.markerArguments());
        command.addAll(List.of("-cp", localClassPath(), "kafka.Kafka", var.kafkaProperties().toString()));
        launch(daemon, command, childEnvironment(),
                () -> daemon.logSinceStart().contains(KafkaServerConfig.STARTED_LINE)
                        && FreePorts.isOpen(settings.kafkaPort()));
        console.say("kafka started (pid %s) on %s", daemon.recordedPid().orElse(0L), settings.bootstrapServers());
    }

    /** The cluster id, generated once into var/kafka/cluster.id (a reformat would need it). */
    private String clusterId() {
        Path file = var.kafkaClusterId();
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return Files.readString(file).trim();
            }
            String id = org.apache.kafka.common.Uuid.randomUuid().toString();
            Files.createDirectories(file.getParent());
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Datasource datasource(String jdbcUrlOption) {
        String given = jdbcUrlOption != null && !jdbcUrlOption.isBlank() ? jdbcUrlOption : settings.jdbcUrl();
        if (!given.isBlank()) {
            return new Datasource(given, settings.jdbcUser(), settings.jdbcPassword(), true);
        }
        return new Datasource(settings.localJdbcUrl(), settings.postgresRole(), null, false);
    }

    /** Where query's catalog is; the embedded database's password is read from its file when needed. */
    public record Datasource(String url, String user, String externalPassword, boolean external) {
    }

    public String password(Datasource datasource) {
        if (datasource.external()) {
            return datasource.externalPassword();
        }
        return readSecret(var.rolePassword());
    }

    private static String readSecret(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void startPostgres() {
        if (alreadyRunning("postgres")) {
            return;
        }
        stopOrphanPostmaster();
        requireFreePort("postgres", settings.postgresPort());
        try {
            Files.createDirectories(var.postgres());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Daemon daemon = daemon("postgres");
        List<String> command = java("postgres", settings.postgresHeap());
        command.addAll(daemon.markerArguments());
        // LocalPostgres generates the passwords into their files and sets them at each start: none is an argument
        command.addAll(List.of("-cp", localClassPath(), "io.paperstream.local.LocalPostgres",
                "--port", Integer.toString(settings.postgresPort()), "--data", var.postgresData().toString(),
                "--work", var.postgresWork().toString(), "--database", settings.postgresDb(),
                "--role", settings.postgresRole(),
                "--superuser-password-file", var.superuserPassword().toString(),
                "--role-password-file", var.rolePassword().toString(), "--os-user", settings.postgresOsUser()));
        launch(daemon, command, childEnvironment(), () -> daemon.logSinceStart().contains(POSTGRES_READY_LINE));
        console.say("postgres started (pid %s) on %s:%d database %s", daemon.recordedPid().orElse(0L),
                Settings.HOST, settings.postgresPort(), settings.postgresDb());
    }

    /** A postmaster left behind by a LocalPostgres that was killed (SIGKILL skips its shutdown hook). */
    public void stopOrphanPostmaster() {
        Path file = var.postgresData().resolve("postmaster.pid");
        // another checkout's LocalPostgres on this var/ still owns its postmaster: not an orphan
        if (!Files.isRegularFile(file) || daemon("postgres").runningElsewhere().isPresent()) {
            return;
        }
        long pid;
        try {
            String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
            if (!first.matches("[0-9]+")) {
                return;
            }
            pid = Long.parseLong(first);
        } catch (IOException e) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        console.say("stopping a PostgreSQL left running on %s (pid %d)", var.postgresData(), pid);
        // SIGTERM is PostgreSQL's "smart" shutdown, which waits for sessions; SIGINT ("fast") aborts them
        signal(pid, "INT");
        if (!waitGone(postmaster.get())) {
            signal(pid, "QUIT"); // "immediate" shutdown
            waitGone(postmaster.get());
        }
    }

    private boolean waitGone(ProcessHandle process) {
        try {
            process.onExit().get(settings.stopTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The token ingest expects: the environment's, else var/ingest.token's (generated once, mode 0600). */
    public String ingestToken() {
        if (!settings.ingestToken().isEmpty()) {
            return settings.ingestToken();
        }
        return readSecret(var.ingestToken());
    }

    public void ensureToken() {
        Path file = var.ingestToken();
        if (!settings.ingestToken().isEmpty() || (Files.isRegularFile(file) && readSecret(file).length() > 0)) {
            return;
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        try {
            Files.deleteIfExists(file);
            // created with its final mode: never readable by others, not even for a moment
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, HexFormat.of().formatHex(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The taxonomy enrich starts with: the environment's, else the one {@code retag --taxonomy} recorded. */
    public Optional<String> taxonomyPath() {
        if (!settings.taxonomyPath().isEmpty()) {
            return Optional.of(settings.taxonomyPath());
        }
        String recorded = readSecret(var.taxonomyRecord());
        return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded);
    }

    public boolean serviceReady(String service) {
        return Readiness.healthStatus(settings.portOf(service)) == 200;
    }

    public void startService(String name, Datasource datasource) {
        Path jar = serviceJar(name);
        if (!Files.isRegularFile(jar)) {
            console.say("%s not started: %s is not built", name, settings.root().relativize(jar));
            return;
        }
        if (alreadyRunning(name)) {
            return;
        }
        int port = settings.portOf(name);
        requireFreePort(name, port);
        Map<String, String> env = childEnvironment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        env.put("QUARKUS_HTTP_HOST", Settings.HOST);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        switch (name) {
            case "ingest" -> env.put("PAPERSTREAM_INGEST_TOKEN", ingestToken());
            case "enrich" -> {
                try {
                    Files.createDirectories(var.enrichState());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                env.put("KAFKA_STREAMS_STATE_DIR", var.enrichState().toString());
                env.put("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS", settings.bootstrapServers());
                taxonomyPath().ifPresent(path -> env.put("PAPERSTREAM_TAXONOMY_PATH", path));
            }
            case "query" -> {
                env.put("QUARKUS_DATASOURCE_JDBC_URL", datasource.url());
                env.put("QUARKUS_DATASOURCE_USERNAME", datasource.user());
                env.put("QUARKUS_DATASOURCE_PASSWORD", password(datasource));
            }
            default -> throw new CliException("unknown service " + name);
        }
        Daemon daemon = daemon(name);
        List<String> command = java(name, settings.serviceHeap());
        command.addAll(daemon.markerArguments());
        command.addAll(List.of("-jar", jar.toString()));
        launch(daemon, command, env, () -> serviceReady(name));
        console.say("%s started (pid %s) on http://%s:%d", name, daemon.recordedPid().orElse(0L), Settings.HOST,
                port);
    }

    /** SIGTERM, then SIGKILL after the stop timeout; only a process of ours. Whether it was running. */
    public boolean stop(String name) {
        Optional<Long> stopped = daemon(name).stop(settings.stopTimeout(), console::warn);
        stopped.ifPresent(pid -> console.say("stopped %s (pid %d)", name, pid));
        return stopped.isPresent();
    }

    /** Runs a main class of paperstream-local's class path as its own JVM; output appended to {@code log}. */
    public int tool(Map<String, String> env, Path log, String... mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary(), "-Xmx" + settings.toolHeap(),
                "-cp", localClassPath()));
        command.addAll(List.of(mainAndArgs));
        Map<String, String> environment = childEnvironment();
        environment.putAll(env);
        Process process = ProcessStarter.start(command, environment, log, false);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new CliException("interrupted");
        }
    }
}
