package io.paperstream.local.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", description = "stop everything up started (services, then PostgreSQL, then the broker)")
final class DownCommand implements Callable<Integer> {

    /** Consumers before their producer, the database and the broker last. */
    static final List<String> STOP_ORDER = List.of("query", "enrich", "ingest", "postgres", "kafka");

    @ParentCommand
    PaperstreamCommand parent;

    @Override
    public Integer call() {
        Stack stack = parent.stack();
        int stopped = 0;
        for (String name : STOP_ORDER) {
            if (stack.stop(name)) {
                stopped++;
            }
        }
        stack.stopOrphanPostmaster();
        if (stopped == 0) {
            parent.console().say("nothing was running");
        }
        return 0;
    }
}
