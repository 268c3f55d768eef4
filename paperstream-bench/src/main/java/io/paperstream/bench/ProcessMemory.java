package io.paperstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and startup of the stack's processes: the peak and the current resident set ({@code VmHWM} and
 * {@code VmRSS} of {@code /proc/<pid>/status}) of every pid file in the run directory, and the startup time a
 * Quarkus service logs ("started in 2.345s"). The current figure at the end of a run is the one to compare between
 * catalogs of different sizes: the peak also holds whatever a past start or replay needed.
 */
public final class ProcessMemory {

    /** What one process of the stack measured. {@code startupSeconds} is NaN when its log does not tell. */
    public record Usage(long pid, double peakMb, double currentMb, double startupSeconds) {
    }

    private static final Pattern STARTED = Pattern.compile("started in (\\d+(?:\\.\\d+)?)s");
    private static final double KB_PER_MB = 1024.0;
    /** How the launcher names pid files and logs, in the order they start. */
    private static final List<String> PROCESSES = List.of("kafka", "postgres", "ingest", "enrich", "query");

    private ProcessMemory() {
    }

    /**
     * Every process of the stack that runs now, by instance name ({@code enrich}, {@code enrich-2}, ...: each
     * instance has its own memory, so they are not summed).
     */
    public static Map<String, Usage> measure(Path runDir, Path logDir) {
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            PidFiles.instances(runDir, name).forEach((instance, pidFile) -> {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    Path status = Path.of("/proc", Long.toString(pid), "status");
                    if (!Files.isReadable(status)) {
                        return;
                    }
                    String text = Files.readString(status, StandardCharsets.UTF_8);
                    usage.put(instance, new Usage(pid, kilobytes(text, "VmHWM") / KB_PER_MB,
                            kilobytes(text, "VmRSS") / KB_PER_MB, startupSeconds(logDir.resolve(instance + ".log"))));
                } catch (IOException | NumberFormatException e) {
                    System.err.println("bench: cannot measure " + instance + ": " + e.getMessage());
                }
            });
        }
        return usage;
    }

    /** A {@code Name:   1234 kB} field of /proc/<pid>/status, in kB; -1 when absent. */
    static long kilobytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String value = line.substring(field.length() + 1).strip();
                int space = value.indexOf(' ');
                return Long.parseLong(space < 0 ? value : value.substring(0, space));
            }
        }
        return -1;
    }

    /** The last startup a log records (the launcher appends every start to the same log). */
    static OptionalDouble lastStartup(String log) {
        Matcher matcher = STARTED.matcher(log);
        OptionalDouble last = OptionalDouble.empty();
        while (matcher.find()) {
            last = OptionalDouble.of(Double.parseDouble(matcher.group(1)));
        }
        return last;
    }

    private static double startupSeconds(Path log) {
        try {
            return Files.isReadable(log) ? lastStartup(Files.readString(log, StandardCharsets.UTF_8)).orElse(Double.NaN)
                    : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
