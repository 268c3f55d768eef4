package io.paperstream.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints a run's figures, each beside the limit it is judged against and the project's target. Targets are
 * printed, never enforced: a slow machine gives slow figures, not a failed run.
 */
public final class BenchReport {

    static final double E2E_TARGET_PER_SECOND = 20_000;
    static final double E2E_TARGET_OF_RAW_UPSERT = 0.5;
    static final double INGEST_TARGET_OF_RAW_PRODUCE = 0.5;
    static final double FRESHNESS_P50_TARGET_MS = 50;
    static final double FRESHNESS_P99_TARGET_MS = 200;
    static final int FRESHNESS_TARGET_RATE = 1_000;
    static final double RSS_TARGET_MB = 300;
    /** The processes the RSS target applies to (the broker and the database are not ours). */
    private static final Set<String> SERVICES = Set.of("ingest", "enrich", "query");

    private BenchReport() {
    }

    public static void print(PrintStream out, BenchResults results, BenchOptions options) {
        out.println();
        out.println("== Results ==");
        out.printf(Locale.ROOT, "raw_produce_per_s      %s  records/s  (the broker's limit)%n",
                rate(results.rawProducePerSecond()));
        out.printf(Locale.ROOT, "raw_upsert_rows_per_s  %s  rows/s     (the database's limit)%n",
                rate(results.rawUpsertRowsPerSecond()));
        out.printf(Locale.ROOT, "ingest_papers_per_s    %s  papers/s   %s%n", rate(results.ingestPapersPerSecond()),
                relative(results.ingestPapersPerSecond(), results.rawProducePerSecond(), "raw_produce",
                        INGEST_TARGET_OF_RAW_PRODUCE));
        out.printf(Locale.ROOT, "e2e_papers_per_s       %s  papers/s   %s; target ≥ %s/s: %s%n",
                rate(results.e2ePapersPerSecond()),
                relative(results.e2ePapersPerSecond(), results.rawUpsertRowsPerSecond(), "raw_upsert",
                        E2E_TARGET_OF_RAW_UPSERT),
                rate(E2E_TARGET_PER_SECOND).strip(), verdict(results.e2ePapersPerSecond(), E2E_TARGET_PER_SECOND, true));
        BenchResults.Latency freshness = results.freshnessMs();
        if (freshness == null) {
            out.println("freshness_ms           not measured");
        } else {
            out.printf(Locale.ROOT, "freshness_ms           p50 %.1f  p95 %.1f  p99 %.1f  at %,d papers/s offered; "
                            + "targets at %,d/s: p50 ≤ %.0f: %s, p99 ≤ %.0f: %s%n",
                    freshness.p50(), freshness.p95(), freshness.p99(), options.rate(), FRESHNESS_TARGET_RATE,
                    FRESHNESS_P50_TARGET_MS, verdict(freshness.p50(), FRESHNESS_P50_TARGET_MS, false),
                    FRESHNESS_P99_TARGET_MS, verdict(freshness.p99(), FRESHNESS_P99_TARGET_MS, false));
        }
        for (Map.Entry<String, ProcessMemory.Usage> entry : results.memory().entrySet()) {
            ProcessMemory.Usage usage = entry.getValue();
            boolean service = SERVICES.contains(entry.getKey());
            out.printf(Locale.ROOT, "rss_mb %-9s       peak %6.1f MB (now %6.1f)%s%s%n", entry.getKey(), usage.peakMb(),
                    usage.currentMb(),
                    Double.isNaN(usage.startupSeconds()) ? "" : String.format(Locale.ROOT, ", started in %.2f s",
                            usage.startupSeconds()),
                    service ? String.format(Locale.ROOT, "; target ≤ %.0f MB: %s", RSS_TARGET_MB,
                            verdict(usage.peakMb(), RSS_TARGET_MB, false)) : "");
        }
        BenchResults.QueryLatency query = results.queryP95Ms();
        if (query == null) {
            out.println("query_p95_ms           not measured");
        } else {
            out.printf(Locale.ROOT, "query_p95_ms           list %.1f  theme %.1f  search %.1f%n", query.list(),
                    query.theme(), query.search());
        }
        MachineInfo machine = results.machine();
        out.printf(Locale.ROOT, "machine                %d cores, %,d MB, %s, %s, %s%n", machine.cores(),
                machine.memoryMb(), machine.jvm(), machine.database(), machine.os());
    }

    /** "= 0.41 × raw_upsert; target ≥ 0.5 × raw_upsert: missed" */
    static String relative(Double value, Double limit, String limitName, double targetShare) {
        if (value == null || limit == null || limit <= 0) {
            return "(no ratio: " + (value == null ? "not measured" : limitName + " not measured") + ")";
        }
        double share = value / limit;
        return String.format(Locale.ROOT, "= %.2f × %s; target ≥ %.1f × %s: %s", share, limitName, targetShare,
                limitName, share >= targetShare ? "met" : "missed");
    }

    static String verdict(Double value, double target, boolean atLeast) {
        if (value == null || value.isNaN()) {
            return "not measured";
        }
        return (atLeast ? value >= target : value <= target) ? "met" : "missed";
    }

    private static String rate(Double value) {
        return value == null || value.isNaN() ? "    n/a" : String.format(Locale.ROOT, "%,7.0f", value);
    }
}
