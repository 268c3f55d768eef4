package io.paperstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a run does and where the stack is. Every option has a default; the stack's addresses and directories are
 * bin/paperstream's own ({@link StackDefaults}), so {@code PipelineBenchmark} alone measures the local stack.
 */
public record BenchOptions(
        int papers,
        int warmUpPapers,
        int rate,
        int digestSize,
        int concurrency,
        int freshnessSeconds,
        int freshnessDigestSize,
        List<Double> curveFractions,
        int curveSeconds,
        Double baselineCpuMs,
        int sseStreams,
        int queryRequests,
        int e2eTimeoutSeconds,
        int upsertBatch,
        int partitions,
        int producerLingerMs,
        int producerBatchSize,
        String producerCompression,
        String ingestUrl,
        String queryUrl,
        String bootstrapServers,
        String jdbcUrl,
        Path data,
        Path runDir,
        Path logDir,
        Path postgresData,
        Path out,
        Set<Phase> skip) {

    static final String USAGE = """
            PipelineBenchmark [options]     (all optional; defaults in brackets)
              --papers N               papers sent at full speed [20000]
              --warm-up N              papers sent the same way first, not measured (0: none) [2000]
              --rate R                 offered rate of the freshness phase, papers/s [1000]
              --digest-size N          records per digest at full speed [1000]
              --concurrency N          concurrent POSTs at full speed [3]
              --freshness-seconds S    length of the freshness phase [15]
              --freshness-digest N     records per digest in the freshness phase (one every N/R s) [50]
              --curve-fractions F,...  freshness curve: offered rates as fractions of the e2e capacity measured
                                       by the throughput phase [0.10,0.25,0.50,0.75] (--skip freshness-curve: none)
              --curve-seconds S        length of each point of the freshness curve (digests of at most
                                       --freshness-digest, at least 10 a second) [10]
              --baseline-cpu-ms X      total CPU ms per paper of the "before" run: the target is a quarter of it
                                       [none: the figure is printed without a verdict]
              --sse-streams N          theme streams watched, busiest themes first (query allows 8 per client) [8]
              --query-requests N       sequential requests per query kind [200]
              --e2e-timeout S          longest wait for the catalog to hold every paper [300]
              --upsert-batch N         rows per JDBC batch of the raw upsert [1000]
              --partitions N           partitions of the scratch topic bench.raw-produce (as papers.parsed) [3]
              --producer-linger-ms N, --producer-batch-size N, --producer-compression C
                                       raw producer batching, as ingest's defaults [5, 131072, none]
              --ingest-url URL, --query-url URL, --bootstrap-servers H:P, --jdbc-url URL
                                       the stack [where bin/paperstream starts it: the services' ports and
                                       addresses in their application.properties, PAPERSTREAM_*_PORT]
              --data FILE              papers (title line, abstract line; .gz ok)
                                       [%s in the shared data; synthetic when absent]
              --run-dir DIR            pid files of the stack; NAME-*.pid are more instances of NAME (their CPU
                                       is summed under NAME, their memory shown apart) [var/run]
              --log-dir DIR            logs of the stack (service startup times) [var/log]
              --postgres-data DIR      data directory of the embedded PostgreSQL (its CPU time) [var/postgres/data]
              --out FILE               results JSON [var/bench/results.json]
                                       (var/ is PAPERSTREAM_VAR when set, as for bin/paperstream)
              --skip P[,P...]          phases to leave out: %s
            Environment: PAPERSTREAM_INGEST_TOKEN (bearer token of POST /digests),
              PAPERSTREAM_JDBC_USER / PAPERSTREAM_JDBC_PASSWORD [postgres / postgres]
            """.formatted(StackDefaults.CORPUS, Phase.options());

    /** The loads the freshness targets name (25 % and 75 %), with one below and one between. */
    static final List<Double> DEFAULT_CURVE_FRACTIONS = List.of(0.10, 0.25, 0.50, 0.75);

    public static BenchOptions parse(String... args) {
        return parse(StackDefaults.local(), args);
    }

    /** {@code args} over {@code stack}'s addresses and directories. */
    public static BenchOptions parse(StackDefaults stack, String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                given.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                given.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        Options options = new Options(given);
        BenchOptions parsed = new BenchOptions(
                options.positive("papers", 20_000),
                options.count("warm-up", 2_000),
                options.positive("rate", 1_000),
                options.positive("digest-size", 1_000),
                options.positive("concurrency", 3),
                options.positive("freshness-seconds", 15),
                options.positive("freshness-digest", 50),
                options.fractions("curve-fractions", DEFAULT_CURVE_FRACTIONS),
                options.positive("curve-seconds", 10),
                options.positiveDecimal("baseline-cpu-ms"),
                options.positive("sse-streams", 8),
                options.positive("query-requests", 200),
                options.positive("e2e-timeout", 300),
                options.positive("upsert-batch", 1_000),
                options.positive("partitions", 3),
                options.count("producer-linger-ms", 5),
                options.positive("producer-batch-size", 131_072),
                options.text("producer-compression", "none"),
                stripSlash(options.text("ingest-url", stack::ingestUrl)),
                stripSlash(options.text("query-url", stack::queryUrl)),
                options.text("bootstrap-servers", stack::bootstrapServers),
                options.text("jdbc-url", stack::jdbcUrl),
                options.path("data", StackDefaults::corpus),
                options.path("run-dir", () -> stack.var().run()),
                options.path("log-dir", () -> stack.var().log()),
                options.path("postgres-data", () -> stack.var().postgresData()),
                options.path("out", () -> stack.var().bench().resolve("results.json")),
                options.phases("skip"));
        options.requireAllUsed();
        return parsed;
    }

    public boolean runs(Phase phase) {
        return !skip.contains(phase);
    }

    /** Papers of the freshness phase: the offered rate for its whole length. */
    public int freshnessPapers() {
        return Math.multiplyExact(rate, freshnessSeconds);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The given options, each taken at most once; whatever is left over was misspelled. */
    private static final class Options {
        private final Map<String, String> given;

        Options(Map<String, String> given) {
            this.given = new HashMap<>(given);
        }

        String text(String name, String fallback) {
            return text(name, () -> fallback);
        }

        /** The fallback is asked for only when the option is not given (the stack's defaults are read then). */
        String text(String name, Supplier<String> fallback) {
            String value = given.remove(name);
            if (value == null) {
                return fallback.get();
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            return value.strip();
        }

        Path path(String name, Supplier<Path> fallback) {
            String value = text(name, (String) null);
            return value == null ? fallback.get() : Path.of(value);
        }

        int positive(String name, int fallback) {
            int value = count(name, fallback);
            if (value < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
            }
            return value;
        }

        int count(String name, int fallback) {
            String value = given.remove(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.strip().replace("_", ""));
                if (parsed < 0) {
                    throw new IllegalArgumentException("--" + name + " must not be negative, not " + value);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
            }
        }

        /** A positive decimal, or null when not given. */
        Double positiveDecimal(String name) {
            String value = given.remove(name);
            return value == null ? null : decimal(name, value);
        }

        /** Comma-separated positive decimals (above 1 offers more than the capacity: saturation on purpose). */
        List<Double> fractions(String name, List<Double> fallback) {
            String value = given.remove(name);
            if (value == null) {
                return fallback;
            }
            List<Double> fractions = new ArrayList<>();
            for (String fraction : value.split(",")) {
                if (!fraction.isBlank()) {
                    fractions.add(decimal(name, fraction));
                }
            }
            if (fractions.isEmpty()) {
                throw new IllegalArgumentException("--" + name + " needs at least one fraction");
            }
            return List.copyOf(fractions);
        }

        private static double decimal(String name, String value) {
            double parsed;
            try {
                parsed = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, not '" + value + "'");
            }
            if (!(parsed > 0) || Double.isInfinite(parsed)) {
                throw new IllegalArgumentException("--" + name + " must be above 0, not " + value);
            }
            return parsed;
        }

        Set<Phase> phases(String name) {
            Set<Phase> phases = EnumSet.noneOf(Phase.class);
            String value = given.remove(name);
            if (value != null) {
                for (String phase : value.split(",")) {
                    if (!phase.isBlank()) {
                        phases.add(Phase.fromOption(phase));
                    }
                }
            }
            return phases;
        }

        void requireAllUsed() {
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
            }
        }
    }
}
