package io.paperstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The machine a run measured: the figures mean little without it. */
public record MachineInfo(int cores, long memoryMb, String jvm, String database, String os) {

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path OS_RELEASE = Path.of("/etc/os-release");
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final int LOADAVG_FIELDS = 3;

    public static MachineInfo describe(String databaseVersion) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), totalMemoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                databaseVersion, operatingSystem());
    }

    /**
     * The 1, 5 and 15 minute load averages, "unknown" off Linux: on a shared machine they tell how much of it the
     * run had.
     */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(LOADAVG).strip().split("\\s+");
            return String.join(" ", Arrays.copyOf(fields, Math.min(LOADAVG_FIELDS, fields.length)));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long totalMemoryMb() {
        return meminfoMb("MemTotal");
    }

    /**
     * The OS page cache now ({@code Cached} of /proc/meminfo), -1 off Linux: reads of a catalog larger than it go to
     * the disk, so the same catalog reads similar papers two to three times slower right after a reboot than after a
     * few runs.
     */
    public static long pageCacheMb() {
        return meminfoMb("Cached");
    }

    private static long meminfoMb(String field) {
        try {
            long kilobytes = ProcessMemory.kilobytes(Files.readString(MEMINFO), field);
            return kilobytes < 0 ? -1 : kilobytes / 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String operatingSystem() {
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(OS_RELEASE)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "") + ", " + kernel;
                }
            }
        } catch (IOException e) {
            // not Linux, or a minimal image: the kernel says enough
        }
        return kernel;
    }
}
