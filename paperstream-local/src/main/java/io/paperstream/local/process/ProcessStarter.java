package io.paperstream.local.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts an OS process with its output appended to a log file and no input. Settings reach it in its
 * environment, never as arguments (any local user can read a process's arguments). A <em>detached</em>
 * process gets a session of its own ({@code setsid}), so that it outlives the command that started it and a
 * Ctrl-C in that command's terminal does not reach it.
 */
public final class ProcessStarter {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path SETSID_ALT = Path.of("/bin/setsid");

    private ProcessStarter() {
    }

    public static Process start(List<String> command, Map<String, String> environment, Path log, boolean detached) {
        List<String> full = new ArrayList<>();
        if (detached) {
            setsid().ifPresent(full::add);
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** setsid execs the command in place: the pid we get is the command's. */
    private static java.util.Optional<String> setsid() {
        for (Path candidate : List.of(SETSID, SETSID_ALT)) {
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate.toString());
            }
        }
        return java.util.Optional.empty();
    }

    /** The java binary of this JVM, for child JVMs. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
