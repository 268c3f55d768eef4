package io.paperstream.local.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.paperstream.local.process.Daemon;
import io.paperstream.local.process.FreePorts;
import io.paperstream.local.process.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "what runs: name, pid, port, health")
final class StatusCommand implements Callable<Integer> {

    private static final String ROW = "%-9s %-8s %-6s %s";

    @ParentCommand
    PaperstreamCommand parent;

    @Override
    public Integer call() {
        Stack stack = parent.stack();
        Console console = parent.console();
        console.say(ROW, "NAME", "PID", "PORT", "STATE");
        for (String name : Settings.PROCESSES) {
            Daemon daemon = stack.daemon(name);
            int port = stack.settings().portOf(name);
            Optional<ProcessHandle> running = daemon.running();
            String pid = "-";
            String shownPort = Integer.toString(port);
            String state;
            if (running.isPresent()) {
                pid = Long.toString(running.get().pid());
                state = switch (name) {
                    case "kafka", "postgres" -> FreePorts.isOpen(port) ? "running, port open"
                            : "running, port not open yet";
                    default -> {
                        int code = Readiness.healthStatus(port);
                        yield code == 200 ? "running, ready" : "running, not ready (health: HTTP " + code + ")";
                    }
                };
            } else if (daemon.recordedPid().isPresent()) {
                pid = Long.toString(daemon.recordedPid().get());
                state = "dead (pid file left; bin/paperstream up restarts it)";
            } else if (name.equals("postgres") && !stack.settings().jdbcUrl().isBlank()) {
                shownPort = "-";
                state = "external: " + stack.settings().jdbcUrl();
            } else {
                state = FreePorts.isOpen(port) ? "stopped (but something else listens on " + port + ")" : "stopped";
            }
            console.say(ROW, name, pid, shownPort, state);
        }
        return 0;
    }
}
