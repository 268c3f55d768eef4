package io.paperstream.local.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", description = {"build what is missing, start whatever is not running, stream new seeds in",
        "Builds what is missing (--rebuild: everything), starts whatever is not running, streams in the seeds/ papers",
        "the catalog does not have, prints the URLs. --jdbc-url (or $PAPERSTREAM_JDBC_URL, with $PAPERSTREAM_JDBC_USER",
        "/ $PAPERSTREAM_JDBC_PASSWORD) uses that database instead of the embedded PostgreSQL."})
final class UpCommand implements Callable<Integer> {

    static final List<String> BUILD = List.of("./mvnw", "-B", "-ntp", "-q", "package", "-DskipTests");

    @ParentCommand
    PaperstreamCommand parent;

    @Option(names = "--rebuild", description = "build even when nothing is missing")
    boolean rebuild;

    @Option(names = "--no-build", description = "never build")
    boolean noBuild;

    @Option(names = "--no-seeds", description = "do not stream seeds/ in")
    boolean noSeeds;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "query's catalog in this database")
    String jdbcUrl;

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack();
        Console console = parent.console();
        if (rebuild && noBuild) {
            throw new CliException("up: --rebuild and --no-build contradict each other");
        }
        for (String service : stack.settings().upServices()) {
            if (!Settings.SERVICES.contains(service)) {
                throw new CliException("PAPERSTREAM_SERVICES: unknown service " + service);
            }
        }
        stack.var().prepare();
        if (!noBuild) {
            buildMissing(stack, console);
        }
        stack.requireLocalInfrastructure();
        Stack.Datasource datasource = stack.datasource(jdbcUrl);
        stack.ensureToken();

        stack.startKafka();
        if (datasource.external()) {
            console.say("postgres: using %s (not started here)", datasource.url());
        } else {
            stack.startPostgres();
        }
        for (String service : Settings.SERVICES) {
            if (stack.settings().upServices().contains(service)) {
                stack.startService(service, datasource);
            }
        }
        boolean seedsFailed = false;
        if (!noSeeds && stack.running("ingest").isPresent()) {
            seedsFailed = !new SeedLoader(stack, console).load(seedFiles(stack.settings().root().resolve("seeds")));
        }
        printWhere(stack, datasource, console);
        if (seedsFailed) {
            throw new CliException("some seeds were not ingested (see above)");
        }
        return 0;
    }

    static List<Path> seedFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private void buildMissing(Stack stack, Console console) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        try {
            stack.requireLocalInfrastructure();
        } catch (CliException notBuilt) {
            missing.add("paperstream-local/target/lib");
        }
        for (String service : Settings.SERVICES) {
            if (!Files.isRegularFile(stack.serviceJar(service))) {
                missing.add(service + "-service/target/quarkus-app");
            }
        }
        if (!rebuild && missing.isEmpty()) {
            return;
        }
        console.say(rebuild ? "building (--rebuild): %s" : "building, since %s is missing: %s",
                rebuild ? String.join(" ", BUILD) : String.join(" ", missing), String.join(" ", BUILD));
        int status = new ProcessBuilder(BUILD).directory(stack.settings().root().toFile()).inheritIO().start()
                .waitFor();
        if (status != 0) {
            throw new CliException("the build failed (see above); fix it or run with --no-build");
        }
    }

    /** A path under the checkout relative to it (as the user types it), any other whole. */
    static String shown(Path root, Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static void printWhere(Stack stack, Stack.Datasource datasource, Console console) {
        Settings s = stack.settings();
        String host = Settings.HOST;
        String db = datasource.external() ? datasource.url() + " (external)"
                : datasource.url() + " (role " + datasource.user() + ", password in "
                        + shown(s.root(), stack.var().rolePassword()) + ")";
        console.say("""

                Paperstream runs on this machine (127.0.0.1 only):
                  broker       %1$s:%2$d
                  database     %3$s
                  ingest       http://%1$s:%4$d/digests        POST a digest: bin/paperstream ingest FILE...
                  enrich       http://%1$s:%5$d/q/health
                  query        http://%1$s:%6$d/                web page
                  API          http://%1$s:%6$d/papers   /papers/{id}   /papers/{id}/related   /themes   /stats
                  live themes  http://%1$s:%6$d/themes/<slug>/stream  (server-sent events)
                  Swagger UI   http://%1$s:%6$d/q/swagger-ui  (also on :%4$d and :%5$d)
                  logs         %7$s   (bin/paperstream logs [name])
                  ingest token %8$s (sent as "Authorization: Bearer <token>")
                Stop everything with: bin/paperstream down""",
                host, s.kafkaPort(), db, s.ingestPort(), s.enrichPort(), s.queryPort(),
                shown(s.root(), stack.var().log()) + "/", shown(s.root(), stack.var().ingestToken()));
    }
}
