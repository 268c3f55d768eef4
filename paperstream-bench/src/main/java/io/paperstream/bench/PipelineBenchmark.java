package io.paperstream.bench;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;

/**
 * Benchmarks the running local stack: the broker's and the database's raw limits, then ingest and end-to-end
 * throughput with the CPU each process spends per paper, freshness at a fixed rate and at fractions of the
 * measured end-to-end capacity (the freshness curve), and query latency; prints each figure beside its limit and target and
 * writes them to {@code var/bench/results.json}. Never asserts on time: a slow machine gives slow figures.
 * <p>
 * Run it with {@code bin/paperstream bench [--papers N] [--rate R]}, which passes the stack's endpoints.
 */
public final class PipelineBenchmark {

    /** The source label of the papers a run sends. */
    private static final String SOURCE = "bench";
    private static final int EXIT_PHASE_FAILED = 1;

    private final BenchOptions options;
    private final PrintStream out;
    private boolean failed;

    private PipelineBenchmark(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchCli.options(args, "bench", BenchOptions.USAGE, BenchOptions::parse);
        if (options == null) {
            return;
        }
        boolean failed = new PipelineBenchmark(options, System.out).run();
        System.exit(failed ? EXIT_PHASE_FAILED : 0);
    }

    /** Runs every phase not skipped; a failed phase leaves its figure null and the others still run. */
    private boolean run() throws Exception {
        String runTag = "bench" + Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
        PaperCorpus corpus = PaperCorpus.load(options.data(),
                options.papers() + options.freshnessPapers() + options.warmUpPapers());
        out.printf(Locale.ROOT, "Paperstream benchmark, run %s: %,d %s papers%s at full speed (digests of %,d, %d "
                        + "concurrent POSTs), then %,d papers/s for %d s (digests of %d)%n", runTag, options.papers(),
                corpus.real() ? "real" : "synthetic", corpus.real() ? " (" + options.data() + ")" : "",
                options.digestSize(), options.concurrency(), options.rate(), options.freshnessSeconds(),
                options.freshnessDigestSize());
        out.printf(Locale.ROOT, "freshness curve at %s of the e2e capacity, %d s each%n",
                options.curveFractions().stream().map(f -> String.format(Locale.ROOT, "%.0f %%", f * 100))
                        .collect(Collectors.joining(", ")), options.curveSeconds());
        out.println("load average (1, 5, 15 min): " + MachineInfo.loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        List<PaperRecord> throughputPapers = corpus.tagged(runTag, 0, options.papers());
        List<PaperRecord> freshnessPapers = corpus.tagged(runTag, options.papers(), options.freshnessPapers());
        List<PaperRecord> warmUpPapers = corpus.tagged(runTag, options.papers() + options.freshnessPapers(),
                options.warmUpPapers());

        StackCredentials credentials = StackCredentials.fromEnvironment();
        RawUpsertBenchmark rawUpsert = new RawUpsertBenchmark(options, credentials.jdbcUser(),
                credentials.jdbcPassword());
        IngestClient ingest = new IngestClient(URI.create(options.ingestUrl()), credentials.ingestToken(), SOURCE);
        CatalogClient catalog = new CatalogClient(URI.create(options.queryUrl()));

        RawProduceBenchmark.Result produced = phase(Phase.RAW_PRODUCE, () -> {
            RawProduceBenchmark.Result result = new RawProduceBenchmark(options).run(throughputPapers);
            out.printf(Locale.ROOT, "  %,.0f records/s of %,d bytes (PaperParsed JSON, %s) to %s; CPU ms per record"
                            + " (warm-up left out): producer %s, broker %s%n", result.recordsPerSecond(),
                    result.meanValueBytes(), options.producerCompression(), RawProduceBenchmark.TOPIC,
                    BenchReport.ms(result.clientCpuMs()), BenchReport.ms(result.brokerCpuMs()));
            return result;
        });
        RawUpsertBenchmark.Result upserted = phase(Phase.RAW_UPSERT, () -> {
            RawUpsertBenchmark.Result result = rawUpsert.run(throughputPapers);
            out.printf(Locale.ROOT, "  %,.0f rows/s into %s (batches of %d, %s); CPU ms per row (warm-up left out):"
                            + " client %s, postgresql %s%n", result.rowsPerSecond(), RawUpsertBenchmark.TABLE,
                    options.upsertBatch(),
                    result.rewritten() ? "sent as multi-row inserts" : "NOT rewritten: one round trip per row",
                    BenchReport.ms(result.clientCpuMs()), BenchReport.ms(result.databaseCpuMs()));
            return result;
        });
        RawCosts rawCosts = new RawCosts(produced == null ? null : produced.clientCpuMs(),
                produced == null ? null : produced.brokerCpuMs(), upserted == null ? null : upserted.clientCpuMs(),
                upserted == null ? null : upserted.databaseCpuMs());
        ThroughputPhase.Result throughput = phase(Phase.THROUGHPUT,
                () -> new ThroughputPhase(options, ingest, catalog, out).run(warmUpPapers, throughputPapers));
        BenchResults.Latency freshness;
        List<BenchResults.CurvePoint> curve;
        // one set of theme streams for the --rate point and the curve (query limits the streams per client)
        try (FreshnessPhase freshnessPhase = new FreshnessPhase(options, ingest, catalog, out)) {
            freshness = phase(Phase.FRESHNESS, () -> freshnessPhase.run(freshnessPapers));
            int curveFrom = options.papers() + options.freshnessPapers() + options.warmUpPapers();
            curve = phase(Phase.FRESHNESS_CURVE, () -> curve(throughput, freshnessPhase,
                    (first, count) -> corpus.tagged(runTag, curveFrom + first, count)));
        }
        BenchResults.QueryLatency query = phase(Phase.QUERY, () -> new QueryPhase(options, catalog).run(corpus));

        out.println("load average (1, 5, 15 min): " + MachineInfo.loadAverage());
        // peak memory last, so it covers every phase's load
        Map<String, ProcessMemory.Usage> memory = ProcessMemory.measure(options.runDir(), options.logDir());
        Long catalogPapers;
        try {
            catalogPapers = catalog.statsPaperCount();
        } catch (Exception e) {
            out.println("catalog size unknown: " + e);
            catalogPapers = null;
        }
        String database;
        try {
            database = rawUpsert.databaseVersion();
        } catch (Exception e) {
            database = "unknown (" + e.getMessage() + ")";
        }
        BenchResults results = new BenchResults(
                throughput == null ? null : throughput.ingestPapersPerSecond(),
                throughput == null ? null : throughput.e2ePapersPerSecond(),
                freshness,
                produced == null ? null : produced.recordsPerSecond(),
                upserted == null ? null : upserted.rowsPerSecond(),
                rawCosts,
                throughput == null ? null : throughput.cpuMsPerPaper(),
                curve,
                memory,
                catalogPapers,
                query,
                MachineInfo.describe(database));
        results.write(options.out());
        BenchReport.print(out, results, options);
        out.println("written to " + options.out());
        return failed;
    }

    /**
     * The freshness curve at fractions of the e2e capacity the throughput phase measured; null (with the reason
     * printed) when there is no such capacity.
     */
    private List<BenchResults.CurvePoint> curve(ThroughputPhase.Result throughput, FreshnessPhase freshness,
            BiFunction<Integer, Integer, List<PaperRecord>> papers) {
        if (throughput == null || throughput.e2ePapersPerSecond() == null) {
            out.println("  skipped: no e2e capacity to take fractions of (the " + Phase.THROUGHPUT.option() + " phase "
                    + (!options.runs(Phase.THROUGHPUT) ? "was skipped" : throughput == null ? "failed"
                            : "did not see every paper in the catalog") + ")");
            return null;
        }
        double capacity = throughput.e2ePapersPerSecond();
        out.printf(Locale.ROOT, "  e2e capacity %,.0f papers/s (throughput phase); %d s per point%n", capacity,
                options.curveSeconds());
        List<BenchResults.CurvePoint> curve = FreshnessCurve.measure(FreshnessCurve.plan(capacity,
                options.curveFractions(), options.curveSeconds(), options.freshnessDigestSize()), freshness, papers, out);
        if (curve.stream().anyMatch(point -> point.latency() == null)) {
            failed = true;
        }
        return curve;
    }

    private <T> T phase(Phase phase, Callable<T> measurement) {
        if (!options.runs(phase)) {
            out.println("-- " + phase.option() + ": skipped");
            return null;
        }
        out.println("-- " + phase.option());
        try {
            return measurement.call();
        } catch (Exception e) {
            failed = true;
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            out.println("  FAILED: " + cause);
            return null;
        }
    }
}
