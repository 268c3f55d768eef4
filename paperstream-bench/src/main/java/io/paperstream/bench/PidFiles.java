package io.paperstream.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pid files of a process of the stack: {@code <name>.pid} as the launcher writes it, and
 * {@code <name>-<suffix>.pid} for more instances of the same service (e.g. {@code enrich-2.pid}, written by whoever
 * starts them), so the figures of several instances can be summed under the service's name.
 */
final class PidFiles {

    private static final String SUFFIX = ".pid";
    private static final char INSTANCE_SEPARATOR = '-';

    private PidFiles() {
    }

    /** Instance name (file name without {@code .pid}) to pid file: the plain one first, the others sorted. */
    static Map<String, Path> instances(Path runDir, String name) {
        Map<String, Path> instances = new LinkedHashMap<>();
        Path plain = runDir.resolve(name + SUFFIX);
        if (Files.exists(plain)) {
            instances.put(name, plain);
        }
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, name + INSTANCE_SEPARATOR + "*" + SUFFIX)) {
            files.forEach(others::add);
        } catch (IOException e) {
            // no run directory: no instance
        }
        others.stream().sorted().forEach(file -> instances.put(instanceName(file), file));
        return instances;
    }

    /** The service an instance belongs to: {@code enrich-2} is an {@code enrich}. */
    static String serviceOf(String instance) {
        int separator = instance.indexOf(INSTANCE_SEPARATOR);
        return separator < 0 ? instance : instance.substring(0, separator);
    }

    /** The first line of a pid file as a pid, or null when it is absent or holds none. */
    static Long pidOf(Path pidFile) {
        try {
            String first = Files.readAllLines(pidFile).get(0).strip();
            return Long.parseLong(first);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String instanceName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }
}
