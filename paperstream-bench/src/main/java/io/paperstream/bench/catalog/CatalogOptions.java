package io.paperstream.bench.catalog;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.paperstream.bench.StackDefaults;

/**
 * Options of {@link CatalogBenchmark}. {@code bin/paperstream bench --catalog N} (picocli, in paperstream-local)
 * passes the stack's endpoints and its own options here.
 */
record CatalogOptions(int papers, int digestSize, int concurrency, int requests, int deepPages, int probes,
        double loadFraction, Double capacity, String ingestUrl, String queryUrl, String jdbcUrl, Path data, Path out,
        Path rebuildCommand, Integer loadBudgetSeconds) {

    static final String USAGE = """
            CatalogBenchmark --catalog N [options]
              --digest-size N       records per digest of the load [1000]
              --concurrency N       concurrent POSTs of the load [3]
              --query-requests N    timed requests per read shape [200]
              --deep-pages N        the deep-cursor shape reads past this many pages of 20 [500]
              --probes N            search freshness probes [40]
              --load-fraction F     reads under load: this fraction of the load's e2e rate [0.25]
              --capacity R          e2e papers/s to take the fraction of when the load is skipped [the load's]
              --ingest-url, --query-url, --jdbc-url [where bin/paperstream starts the stack]
              --data FILE           [%s in the shared data]   --out FILE [var/bench/results.json]
              --rebuild-command BIN run BIN rebuild --wait and time it [none: not run]
              --load-budget S       stop posting after S s and measure the catalog at the size it reached [none]
            """.formatted(StackDefaults.CORPUS);

    static CatalogOptions parse(String... args) {
        return parse(StackDefaults.local(), args);
    }

    /** {@code args} over {@code stack}'s addresses. */
    static CatalogOptions parse(StackDefaults stack, String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, not '" + args[i] + "'");
            }
            given.put(args[i].substring(2), args[++i]);
        }
        CatalogOptions options = new CatalogOptions(positive(given, "catalog", null), positive(given, "digest-size", 1000),
                positive(given, "concurrency", 3), positive(given, "query-requests", 200),
                positive(given, "deep-pages", 500), positive(given, "probes", 40),
                fraction(given.remove("load-fraction"), 0.25),
                given.containsKey("capacity") ? fraction(given.remove("capacity"), 0) : null,
                strip(text(given, "ingest-url", stack::ingestUrl)),
                strip(text(given, "query-url", stack::queryUrl)),
                text(given, "jdbc-url", stack::jdbcUrl),
                path(given, "data", StackDefaults::corpus),
                path(given, "out", () -> stack.var().bench().resolve("results.json")),
                given.containsKey("rebuild-command") ? Path.of(given.remove("rebuild-command")) : null,
                given.containsKey("load-budget") ? positive(given, "load-budget", null) : null);
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
        }
        return options;
    }

    private static int positive(Map<String, String> given, String name, Integer fallback) {
        String value = given.remove(name);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
        }
        if (parsed < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
        }
        return parsed;
    }

    private static double fraction(String value, double fallback) {
        if (value == null) {
            return fallback;
        }
        double parsed = Double.parseDouble(value.strip());
        if (!(parsed > 0) || Double.isInfinite(parsed)) {
            throw new IllegalArgumentException("must be above 0, not " + value);
        }
        return parsed;
    }

    /** The fallback is asked for only when the option is not given (the stack's defaults are read then). */
    private static String text(Map<String, String> given, String name, Supplier<String> fallback) {
        String value = given.remove(name);
        return value == null || value.isBlank() ? fallback.get() : value.strip();
    }

    private static Path path(Map<String, String> given, String name, Supplier<Path> fallback) {
        String value = given.remove(name);
        return value == null || value.isBlank() ? fallback.get() : Path.of(value.strip());
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
