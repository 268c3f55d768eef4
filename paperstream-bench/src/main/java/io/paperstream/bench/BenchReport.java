package io.paperstream.bench;

import java.io.PrintStream;
import java.util.List;
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
    /** Total CPU per paper after issue 10: at most this share of the "before" figure (--baseline-cpu-ms). */
    static final double CPU_TARGET_OF_BASELINE = 0.25;
    /** The freshness curve's targets (issue 10), by load fraction of the measured e2e capacity. */
    private static final List<CurveTarget> CURVE_TARGETS = List.of(
            new CurveTarget(0.25, 50.0, 200.0),
            new CurveTarget(0.75, null, 1_000.0));
    /** Fractions closer than this are the same load (they come from decimal options). */
    private static final double FRACTION_TOLERANCE = 1e-9;

    /** What a curve point at {@code fraction} should reach; a null bound has no target. */
    record CurveTarget(double fraction, Double p50Ms, Double p99Ms) {
    }
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
        Double ratio = results.e2eVsRawUpsert();
        out.printf(Locale.ROOT, "e2e_vs_raw_upsert      %s  target ≥ %.1f: %s%n",
                ratio == null ? "    n/a" : String.format(Locale.ROOT, "%7.3f", ratio), E2E_TARGET_OF_RAW_UPSERT,
                verdict(ratio, E2E_TARGET_OF_RAW_UPSERT, true));
        out.println(cpu(results.cpuMsPerPaper(), options.baselineCpuMs()));
        out.println(ceiling(results));
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
        curve(out, results.freshnessCurve());
        for (Map.Entry<String, ProcessMemory.Usage> entry : results.memory().entrySet()) {
            ProcessMemory.Usage usage = entry.getValue();
            boolean service = SERVICES.contains(PidFiles.serviceOf(entry.getKey()));
            out.printf(Locale.ROOT, "rss_mb %-9s       peak %6.1f MB (now %6.1f)%s%s%n", entry.getKey(), usage.peakMb(),
                    usage.currentMb(),
                    Double.isNaN(usage.startupSeconds()) ? "" : String.format(Locale.ROOT, ", started in %.2f s",
                            usage.startupSeconds()),
                    service ? String.format(Locale.ROOT, "; target ≤ %.0f MB: %s", RSS_TARGET_MB,
                            verdict(usage.peakMb(), RSS_TARGET_MB, false)) : "");
        }
        out.printf(Locale.ROOT, "catalog_papers         %s at the end (compare current RSS between runs at different"
                + " catalog sizes)%n", results.catalogPapers() == null ? "n/a" : String.format(Locale.ROOT, "%,d",
                results.catalogPapers()));
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

    /**
     * "e2e_ceiling 5,000 papers/s = 0.40 × raw_upsert: ..." — what the raw phases' CPU allows at best (see
     * {@link RawCosts}).
     */
    static String ceiling(BenchResults results) {
        RawCosts raw = results.rawCpuMsPerRecord();
        Double floor = raw == null ? null : raw.floorMsPerPaper();
        if (floor == null) {
            return "e2e_ceiling            not measured (needs both raw phases)";
        }
        Double ceiling = results.e2eCeilingPapersPerSecond();
        Double share = results.e2eCeilingVsRawUpsert();
        return String.format(Locale.ROOT, "e2e_ceiling            %s  papers/s   %s: a paper's unavoidable writes (%d raw "
                        + "produces at %s + %s ms, one raw upsert at %s + %s ms) take %.3f ms of CPU, so %d cores carry"
                        + " at most this many even with no parsing, tagging, consuming or exactly-once",
                rate(ceiling), share == null ? "(no ratio)" : String.format(Locale.ROOT, "= %.2f × raw_upsert", share),
                RawCosts.PRODUCES_PER_PAPER, ms(raw.produceClient()), ms(raw.produceBroker()), ms(raw.upsertClient()),
                ms(raw.upsertDatabase()), floor, results.machine().cores());
    }

    /** "0.123", or "n/a" */
    static String ms(Double value) {
        return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** "cpu_ms_per_paper ingest 0.100 ... total 0.800 ...; target ≤ 0.25 × 1.700 = 0.425: missed" */
    static String cpu(CpuPerPaper cpu, Double baselineMs) {
        if (cpu == null) {
            return "cpu_ms_per_paper       not measured";
        }
        StringBuilder line = new StringBuilder("cpu_ms_per_paper      ");
        cpu.services().forEach((service, ms) -> line.append(' ').append(service).append(' ')
                .append(ms == null ? "n/a" : String.format(Locale.ROOT, "%.3f", ms)));
        line.append(String.format(Locale.ROOT, "  total %s (of which JIT compiling %s; benchmark itself %s, not in"
                + " total); ", cpu.total() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", cpu.total()),
                cpu.jit() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", cpu.jit()),
                cpu.bench() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", cpu.bench())));
        if (baselineMs == null) {
            line.append(String.format(Locale.ROOT, "target ≤ %.2f × the \"before\" total (--baseline-cpu-ms to judge)",
                    CPU_TARGET_OF_BASELINE));
        } else {
            double target = baselineMs * CPU_TARGET_OF_BASELINE;
            line.append(String.format(Locale.ROOT, "target ≤ %.2f × %.3f = %.3f: %s", CPU_TARGET_OF_BASELINE,
                    baselineMs, target, verdict(cpu.total(), target, false)));
        }
        return line.toString();
    }

    private static void curve(PrintStream out, List<BenchResults.CurvePoint> curve) {
        if (curve == null) {
            out.println("freshness_curve        not measured");
            return;
        }
        out.println("freshness_curve        load   offered/s      p50      p95      p99  (ms, 202 → theme stream)");
        for (BenchResults.CurvePoint point : curve) {
            out.println(curvePoint(point));
        }
    }

    /** "  25 %      270/s     12.0     40.0     90.0  targets: p50 ≤ 50: met, p99 ≤ 200: met" */
    static String curvePoint(BenchResults.CurvePoint point) {
        BenchResults.Latency latency = point.latency();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "                       %3.0f %%  %,9.0f/s",
                point.loadFraction() * 100, point.offeredPerSecond()));
        if (latency == null) {
            line.append("  not measured");
        } else {
            line.append(String.format(Locale.ROOT, " %8.1f %8.1f %8.1f", latency.p50(), latency.p95(), latency.p99()));
        }
        for (CurveTarget target : CURVE_TARGETS) {
            if (Math.abs(target.fraction() - point.loadFraction()) > FRACTION_TOLERANCE) {
                continue;
            }
            line.append("  targets:");
            if (target.p50Ms() != null) {
                line.append(String.format(Locale.ROOT, " p50 ≤ %.0f: %s,", target.p50Ms(),
                        verdict(latency == null ? null : latency.p50(), target.p50Ms(), false)));
            }
            line.append(String.format(Locale.ROOT, " p99 ≤ %.0f: %s", target.p99Ms(),
                    verdict(latency == null ? null : latency.p99(), target.p99Ms(), false)));
        }
        return line.toString();
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
