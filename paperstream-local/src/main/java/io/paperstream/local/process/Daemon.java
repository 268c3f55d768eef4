package io.paperstream.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A background process that outlives the command that started it (the local stack's broker, database and
 * services): detached from the terminal, its pid in {@code <runDir>/<name>.pid}, its log in
 * {@code <logDir>/<name>.log}. Any later command finds it through the pid file, and only when the pid's command
 * line still carries the marker. Compare {@link ManagedProcess}: a child the starting JVM owns.
 */
public final class Daemon {

    /** How long start waits for the started process to show its markers (an exec takes milliseconds). */
    private static final Duration MARKER_WAIT = Duration.ofSeconds(5);
    private static final Duration MARKER_POLL = Duration.ofMillis(10);

    private static final DateTimeFormatter BANNER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Path pidFile;
    private final Path logFile;
    private final List<ProcessMarker> markers;
    /** Where this start's lines begin in the log. */
    private long startOffset;

    public Daemon(String name, Path runDir, Path logDir, List<ProcessMarker> markers) {
        this.name = name;
        this.pidFile = runDir.resolve(name + ".pid");
        this.logFile = logDir.resolve(name + ".log");
        this.markers = List.copyOf(markers);
    }

    public String name() {
        return name;
    }

    public Path pidFile() {
        return pidFile;
    }

    public Path logFile() {
        return logFile;
    }

    /** The marker arguments to put on this daemon's command line (before the main class or -jar). */
    public List<String> markerArguments() {
        return markers.stream().map(ProcessMarker::argument).toList();
    }

    /** The pid the pid file names, whether or not it still runs. */
    public Optional<Long> recordedPid() {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String text = Files.readString(pidFile).trim();
            return text.matches("[0-9]+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The running process of ours, if any. */
    public Optional<ProcessHandle> running() {
        return recordedPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(process -> markers.stream().allMatch(marker -> marker.marks(process)));
    }

    /**
     * The recorded pid when it runs with some of our markers but not all: this daemon as another checkout (another
     * home marker) started it on a shared run directory.
     */
    public Optional<ProcessHandle> runningElsewhere() {
        return recordedPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(process -> markers.stream().anyMatch(marker -> marker.marks(process))
                        && !markers.stream().allMatch(marker -> marker.marks(process)));
    }

    /** Starts {@code command} (which must carry {@link #markerArguments()}); records its pid. */
    public long start(List<String> command, Map<String, String> environment, String starter) {
        if (!command.containsAll(markerArguments())) {
            throw new IllegalArgumentException(name + ": the command does not carry the markers " + markerArguments());
        }
        startOffset = LogFile.appendBanner(logFile, "===== " + LocalDateTime.now().format(BANNER_TIME) + ": "
                + starter + " starts " + name);
        Process process = ProcessStarter.start(command, environment, logFile, true);
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, process.pid() + "\n");
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("cannot write " + pidFile, e);
        }
        awaitExec(process, command.get(0));
        return process.pid();
    }

    /**
     * Right after the fork the child still runs Java's spawn helper, then setsid, and its command line is briefly
     * empty while each exec replaces it: until the command itself runs, {@link #running()} would not know it as ours.
     */
    private void awaitExec(Process process, String program) {
        long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
        ProcessHandle handle = process.toHandle();
        while (process.isAlive() && !(ProcessMarker.commandLine(handle).filter(line -> line.startsWith(program + " "))
                .isPresent() && markers.stream().allMatch(marker -> marker.marks(handle)))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(MARKER_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** This start's log lines so far. */
    public String logSinceStart() {
        return LogFile.since(logFile, startOffset);
    }

    public void forgetPid() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGTERM, then SIGKILL after {@code grace}; only a process of ours. Returns the pid it stopped. The pid file
     * goes, unless its pid still runs with some of our markers but not all (the same daemon started from another
     * checkout on a shared run directory): that one is neither stopped nor forgotten, so that the checkout that
     * started it still finds and stops it.
     */
    public Optional<Long> stop(Duration grace, java.util.function.Consumer<String> warn) {
        Optional<ProcessHandle> process = running();
        Optional<ProcessHandle> startedElsewhere = runningElsewhere();
        if (startedElsewhere.isPresent()) {
            warn.accept(name + " (pid " + startedElsewhere.get().pid() + ") was started with other markers than "
                    + markerArguments() + " (another checkout?): not stopped; stop it from where it was started");
            return Optional.empty();
        }
        forgetPidAfter(process, grace, warn);
        return process.map(ProcessHandle::pid);
    }

    private void forgetPidAfter(Optional<ProcessHandle> process, Duration grace,
            java.util.function.Consumer<String> warn) {
        process.ifPresent(p -> terminate(p, grace, name, warn));
        forgetPid();
    }

    /** SIGTERM, then SIGKILL when {@code process} has not ended within {@code grace}; waits until it is gone. */
    public static void terminate(ProcessHandle process, Duration grace, String name,
            java.util.function.Consumer<String> warn) {
        process.destroy();
        if (!awaitExit(process, grace)) {
            warn.accept(name + " (pid " + process.pid() + ") did not stop within " + grace.toSeconds()
                    + "s: killing it");
            process.destroyForcibly();
            awaitExit(process, KILL_WAIT);
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
