package io.paperstream.local.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One OS process owned by the JVM that started it (the end-to-end tests' broker and services), its output
 * appended to a log file; the {@link ProcessRegistry} ends it when that JVM ends. Restarts reuse the same command
 * line, environment and log, so a crash and its recovery read as one story. Compare {@link Daemon}: a process
 * that outlives the command that started it.
 */
public final class ManagedProcess {

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final ProcessRegistry registry;
    private Process process;
    private int starts;

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path logFile,
            ProcessRegistry registry) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.registry = registry;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        LogFile.appendBanner(logFile, String.format("===== %s: start #%d at %s =====", name, ++starts,
                Instant.now()));
        process = ProcessStarter.start(command, environment, logFile, false);
        registry.register(this, process);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker; waits until the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(KILL_WAIT);
        registry.unregister(this);
    }

    /** SIGTERM, then SIGKILL if the process does not stop within {@code grace}. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(KILL_WAIT);
        }
        registry.unregister(this);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last lines of the log, to explain a failure without opening files. */
    public String tail(int lines) {
        return LogFile.tail(logFile, lines);
    }

    @Override
    public String toString() {
        return name + (isAlive() ? " (pid " + process.pid() + ")" : " (not running)");
    }
}
