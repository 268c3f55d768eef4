package io.paperstream.local.cli;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "rebuild", description = {"rebuild query's catalog from the topics",
        "Stops query, empties its schema, resets its consumer groups to the earliest offsets, starts it again."})
final class RebuildCommand implements Callable<Integer> {

    @ParentCommand
    PaperstreamCommand parent;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "query's catalog in this database")
    String jdbcUrl;

    @Mixin
    WaitOption waitOption;

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack();
        Console console = parent.console();
        stack.var().prepare();
        stack.requireLocalInfrastructure();
        stack.requireRunning("kafka");
        if (!Files.isRegularFile(stack.serviceJar("query"))) {
            throw new CliException("query-service is not built");
        }
        Stack.Datasource datasource = stack.datasource(jdbcUrl);
        if (!datasource.external()) {
            stack.startPostgres();
        }
        stack.stop("query");
        Settings s = stack.settings();
        console.say("emptying the catalog (schema %s of %s)", s.catalogSchema(), datasource.url());
        // the user and password reach CatalogReset in its environment, never as arguments
        int status = stack.tool(Map.of("PAPERSTREAM_JDBC_USER", datasource.user(), "PAPERSTREAM_JDBC_PASSWORD",
                stack.password(datasource)), stack.var().log().resolve("rebuild.log"),
                "io.paperstream.local.CatalogReset", datasource.url(), s.catalogSchema());
        if (status != 0) {
            throw new CliException("cannot empty the catalog (see var/log/rebuild.log); query stays stopped");
        }
        GroupOffsets offsets = new GroupOffsets(s.bootstrapServers(), s.groupResetTimeout(), console);
        offsets.resetToEarliest(s.queryGroup());
        offsets.resetToEarliest(s.queryTaxonomyGroup());
        stack.startService("query", datasource);
        console.say("query rebuilds its catalog from the topics");
        if (waitOption.waitForCatalog) {
            // a new query process: everything it materializes is the rebuild's
            new CatalogCatchUp(stack, console).await(java.util.Optional.of(CatalogCatchUp.CatalogState.NOTHING));
        }
        return 0;
    }
}
