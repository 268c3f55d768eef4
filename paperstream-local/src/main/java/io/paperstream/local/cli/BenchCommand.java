package io.paperstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.paperstream.local.process.ProcessStarter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

@Command(name = "bench", description = {"benchmark the running stack (bench --help lists the options)",
        "paperstream-bench against the running stack; writes var/bench/results.json ($PAPERSTREAM_BENCH_HEAP [1g]).",
        "--parser: ingest's DigestParser alone, in MB/s.",
        "--catalog N: a catalog of N real papers loaded through the pipeline, then read latency per query shape",
        "(idle and under load), search freshness and rebuild time (issue 14; --catalog 1 --help lists its options)."})
final class BenchCommand implements Callable<Integer> {

    static final String PIPELINE = "io.paperstream.bench.PipelineBenchmark";
    static final String PARSER = "io.paperstream.bench.ParserBenchmark";
    static final String CATALOG = "io.paperstream.bench.catalog.CatalogBenchmark";

    @ParentCommand
    PaperstreamCommand parent;

    @Option(names = "--parser", description = "benchmark ingest's DigestParser alone")
    boolean parser;

    @Option(names = "--catalog", paramLabel = "N",
            description = "build (or reuse) a catalog of N papers and measure it at that size")
    Integer catalog;

    @Option(names = "--no-rebuild", description = "with --catalog: do not time bin/paperstream rebuild")
    boolean noRebuild;

    /** Everything else goes to the benchmark as it is. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack();
        Settings s = stack.settings();
        Path bench = s.root().resolve("paperstream-bench/target");
        if (!Files.isDirectory(bench.resolve("classes")) || !Files.isDirectory(bench.resolve("lib"))) {
            throw new CliException("paperstream-bench is not built: ./mvnw -B -ntp package -DskipTests");
        }
        stack.var().prepare();
        String classPath = bench.resolve("classes") + java.io.File.pathSeparator + bench.resolve("lib") + "/*";
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary(), "-Xmx" + s.benchHeap(), "-cp",
                classPath));
        boolean help = args.contains("--help") || args.contains("-h");
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (parser) {
            command.add(PARSER);
            command.addAll(args);
        } else if (catalog != null && help) {
            command.addAll(List.of(CATALOG, "--help"));
        } else if (help) {
            command.addAll(List.of(PIPELINE, "--help"));
        } else {
            for (String name : List.of("kafka", "ingest", "enrich", "query")) {
                stack.requireRunning(name);
            }
            Stack.Datasource datasource = stack.datasource(null);
            Files.createDirectories(stack.var().bench());
            if (catalog != null) {
                if (catalog < 1) {
                    throw new CliException("--catalog needs at least 1 paper");
                }
                command.addAll(List.of(CATALOG, "--catalog", Integer.toString(catalog), "--ingest-url", s.ingestUrl(),
                        "--query-url", s.queryUrl(), "--jdbc-url", datasource.url(),
                        "--out", stack.var().bench().resolve("results.json").toString()));
                if (!noRebuild) {
                    command.addAll(List.of("--rebuild-command", s.root().resolve("bin/paperstream").toString()));
                }
                command.addAll(args);
                return run(builder, command, stack, datasource);
            }
            command.add(PIPELINE);
            command.addAll(List.of("--ingest-url", s.ingestUrl(), "--query-url", s.queryUrl(),
                    "--bootstrap-servers", s.bootstrapServers(), "--jdbc-url", datasource.url(),
                    "--run-dir", stack.var().run().toString(), "--log-dir", stack.var().log().toString(),
                    "--postgres-data", stack.var().postgresData().toString(),
                    "--out", stack.var().bench().resolve("results.json").toString()));
            command.addAll(args);
            return run(builder, command, stack, datasource);
        }
        builder.command(command);
        return builder.start().waitFor();
    }

    /** Runs a benchmark against the stack, its secrets in the environment, never as arguments; its exit status. */
    private static int run(ProcessBuilder builder, List<String> command, Stack stack, Stack.Datasource datasource)
            throws Exception {
        builder.environment().putAll(Map.of("PAPERSTREAM_INGEST_TOKEN", stack.ingestToken(),
                "PAPERSTREAM_JDBC_USER", datasource.user(), "PAPERSTREAM_JDBC_PASSWORD",
                stack.password(datasource)));
        builder.command(command);
        return builder.start().waitFor();
    }
}
