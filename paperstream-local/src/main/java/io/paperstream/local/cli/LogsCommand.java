package io.paperstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", description = {"last lines of the logs (followed on a terminal)",
        "Names: kafka postgres ingest enrich query (all by default), retag, rebuild."})
final class LogsCommand implements Callable<Integer> {

    static final List<String> TOOL_LOGS = List.of("retag", "rebuild");
    private static final String TAIL_LINES = "50";

    @ParentCommand
    PaperstreamCommand parent;

    @Parameters(paramLabel = "NAME", arity = "0..*")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack();
        List<String> wanted = names.isEmpty() ? Settings.PROCESSES : names;
        List<String> files = new ArrayList<>();
        for (String name : wanted) {
            if (!Settings.PROCESSES.contains(name) && !TOOL_LOGS.contains(name)) {
                throw new CliException("logs: unknown name " + name + " (one of: "
                        + String.join(" ", Settings.PROCESSES) + ")");
            }
            Path file = stack.var().log().resolve(name + ".log");
            if (Files.isRegularFile(file)) {
                files.add(file.toString());
            }
        }
        if (files.isEmpty()) {
            throw new CliException("no logs yet in " + stack.var().log());
        }
        List<String> command = new ArrayList<>(List.of("tail", "-n", TAIL_LINES));
        if (parent.console().terminal()) {
            command.add("-F");
        }
        command.addAll(files);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
