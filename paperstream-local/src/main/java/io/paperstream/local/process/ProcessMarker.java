package io.paperstream.local.process;

import java.util.Optional;

/**
 * A {@code -D<property>=<value>} argument put on the command line of every process we start, so that a pid
 * is only ever signalled when its command line carries our marker: a recycled pid, or another checkout's
 * process, is never mistaken for ours. The property lies outside the {@code paperstream.*} namespace, where the
 * services reject properties they do not know.
 */
public record ProcessMarker(String property, String value) {

    public String argument() {
        return "-D" + property + "=" + value;
    }

    /** Whether the process carries this marker (its command line as the OS reports it). */
    public boolean marks(ProcessHandle process) {
        return commandLine(process).map(line -> (line + " ").contains(argument() + " ")).orElse(false);
    }

    /** The live process {@code pid} when it carries this marker. */
    public Optional<ProcessHandle> find(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::marks);
    }

    /**
     * The full command line: /proc's (arguments of any length, as Java's {@code ProcessHandle.Info} may cut
     * them), else what Java reports.
     */
    static Optional<String> commandLine(ProcessHandle process) {
        java.nio.file.Path proc = java.nio.file.Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (java.nio.file.Files.isReadable(proc)) {
                return Optional.of(new String(java.nio.file.Files.readAllBytes(proc),
                        java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
        } catch (java.io.IOException gone) {
            return Optional.empty();
        }
        return process.info().commandLine();
    }
}
