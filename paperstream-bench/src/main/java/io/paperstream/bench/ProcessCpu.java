package io.paperstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used so far by each process of the stack, from {@code /proc/<pid>/stat}: the launcher's processes
 * (pid files), the PostgreSQL server (its postmaster and every backend under it) and the benchmark itself. On a
 * shared machine the rates depend on what else runs; CPU seconds per paper do not, and they show which stage
 * costs most.
 */
public final class ProcessCpu {

    /** Linux reports these times in USER_HZ ticks, 100 per second on every architecture it runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    static final List<String> PROCESSES = List.of("ingest", "enrich", "query", "kafka");
    /** The server under the embedded PostgreSQL: its first line is the postmaster's pid. */
    private static final String POSTMASTER_PID = "postmaster.pid";
    static final String POSTGRESQL = "postgresql";
    static final String BENCH = "bench";
    /**
     * The JIT compiler threads of the stack's JVMs (ingest, enrich, query, the broker), summed: already part of each
     * process's time, sampled apart because a short pass spends a large share of its CPU compiling (a one-time cost
     * that a long-running stack no longer pays).
     */
    static final String JIT = "jit";
    /** Thread names (comm, cut to 15 characters) of HotSpot's compiler threads. */
    private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    /** Fields after the command name (which may hold spaces) of /proc/<pid>/stat: state is the first. */
    private static final int PPID = 1;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    private ProcessCpu() {
    }

    /**
     * CPU seconds used so far, by instance name ({@code enrich}, {@code enrich-2}, ..., {@code postgresql},
     * {@code bench}); an instance that does not run is left out. {@link PidFiles#serviceOf} groups instances.
     */
    public static Map<String, Double> sample(Path runDir, Path postgresData) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long[] jitTicks = {0};
        boolean[] anyJvm = {false};
        for (String name : PROCESSES) {
            PidFiles.instances(runDir, name).forEach((instance, pidFile) -> {
                Long pid = PidFiles.pidOf(pidFile);
                String[] stat = pid == null ? null : stat(pid);
                if (stat != null) {
                    seconds.put(instance, ticks(stat, UTIME, STIME) / TICKS_PER_SECOND);
                    jitTicks[0] += compilerThreadTicks(pid);
                    anyJvm[0] = true;
                }
            });
        }
        if (anyJvm[0]) {
            seconds.put(JIT, jitTicks[0] / TICKS_PER_SECOND);
        }
        Long postmaster = PidFiles.pidOf(postgresData.resolve(POSTMASTER_PID));
        String[] postmasterStat = postmaster == null ? null : stat(postmaster);
        if (postmasterStat != null) {
            // the backends that already ended are in the postmaster's children times
            long ticks = ticks(postmasterStat, UTIME, STIME, CUTIME, CSTIME) + childrenTicks(postmaster);
            seconds.put(POSTGRESQL, ticks / TICKS_PER_SECOND);
        }
        seconds.put(BENCH, ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime() / 1e9);
        return seconds;
    }

    /**
     * Nanoseconds one process (or thread) has spent on a CPU so far, from {@code /proc/<pid>/schedstat}: finer than
     * stat's 10 ms ticks, so the work of a single SQL statement in its backend can be told (the scripts' measure).
     */
    public static long runningNanos(long pid) {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc", Long.toString(pid), "schedstat")).split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("no CPU time for process " + pid + " (gone?)", e);
        }
    }

    /** The fields of /proc/<pid>/stat after the command name, or null when the process is gone. */
    static String[] stat(long pid) {
        try {
            return fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return null;
        }
    }

    static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    }

    static long ticks(String[] fields, int... indexes) {
        long sum = 0;
        for (int index : indexes) {
            sum += Long.parseLong(fields[index]);
        }
        return sum;
    }

    /**
     * CPU ticks of the process's JIT compiler threads so far. A compiler thread that ended took its time out of this
     * sum (HotSpot keeps at least one of each kind), so it is a lower bound; 0 when the process is not a JVM.
     */
    static long compilerThreadTicks(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    if (JIT_THREADS.contains(Files.readString(thread.resolve("comm")).strip())) {
                        ticks += ticks(fields(Files.readString(thread.resolve("stat"))), UTIME, STIME);
                    }
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            // the process ended: its time is not sampled either
        }
        return ticks;
    }

    private static long childrenTicks(long parent) {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String[] stat = stat(Long.parseLong(process.getFileName().toString()));
                if (stat != null && Long.parseLong(stat[PPID]) == parent) {
                    ticks += ticks(stat, UTIME, STIME);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: the postmaster's own time is still counted
        }
        return ticks;
    }
}
