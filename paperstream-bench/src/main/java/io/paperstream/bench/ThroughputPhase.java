package io.paperstream.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.paperstream.client.PaperRecord;
import io.paperstream.client.Digests;
import io.paperstream.client.IngestClient;
import io.paperstream.client.CatalogClient;

/**
 * Digests at full speed: a few concurrent POSTs, each taking the next digest as soon as its last one is answered,
 * while the catalog size ({@code GET /stats}) and the topics' end offsets are sampled. Gives ingest's rate (papers
 * accepted per second, first POST to last 202) and the end-to-end rate (first POST until the catalog holds every
 * paper), and prints when each stage finished its share, which shows the bottleneck.
 */
public final class ThroughputPhase {

    /**
     * Every GET /stats costs query three admin requests to the broker (it measures its consumer lag), so the
     * sampling is kept coarse enough not to load what it measures.
     */
    private static final long SAMPLE_MILLIS = 250;
    private static final long PRINT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * The two rates and what a paper cost; {@code e2ePapersPerSecond} is null when the catalog did not hold every
     * paper in time.
     */
    public record Result(double ingestPapersPerSecond, Double e2ePapersPerSecond, CpuPerPaper cpuMsPerPaper) {
    }

    private final BenchOptions options;
    private final IngestClient ingest;
    private final CatalogClient catalog;
    private final PrintStream out;

    public ThroughputPhase(BenchOptions options, IngestClient ingest, CatalogClient catalog, PrintStream out) {
        this.options = options;
        this.ingest = ingest;
        this.catalog = catalog;
        this.out = out;
    }

    /**
     * Sends the warm-up papers the same way first (unmeasured: JIT, connections, caches and consumer fetch sessions
     * of all three services get going), then the measured ones.
     */
    public Result run(List<PaperRecord> warmUp, List<PaperRecord> papers) throws Exception {
        if (!warmUp.isEmpty()) {
            out.printf(Locale.ROOT, "  warm-up, %,d papers (not measured):%n", warmUp.size());
            pass(warmUp);
            out.printf(Locale.ROOT, "  measured, %,d papers:%n", papers.size());
        }
        return pass(papers);
    }

    private Result pass(List<PaperRecord> papers) throws Exception {
        List<byte[]> digests = Digests.chunks(papers, options.digestSize()).stream().map(Digests::body).toList();
        try (TopicProgress topics = new TopicProgress(options.bootstrapServers())) {
            long baseline = catalog.statsPaperCount();
            TopicProgress.Offsets startOffsets = topics.offsets();
            long target = papers.size();
            AtomicInteger next = new AtomicInteger();
            AtomicLong accepted = new AtomicLong();
            AtomicLong lastAnswer = new AtomicLong();
            ExecutorService posters = Executors.newFixedThreadPool(options.concurrency());
            Map<String, Double> cpuBefore = ProcessCpu.sample(options.runDir(), options.postgresData());
            long start = System.nanoTime();
            try {
                CompletableFuture<?>[] workers = new CompletableFuture<?>[options.concurrency()];
                for (int w = 0; w < workers.length; w++) {
                    workers[w] = CompletableFuture.runAsync(() -> {
                        int index;
                        while ((index = next.getAndIncrement()) < digests.size()) {
                            IngestClient.Answer receipt = ingest.postAccepted(digests.get(index));
                            accepted.addAndGet(receipt.acceptedCount());
                            lastAnswer.accumulateAndGet(receipt.answeredAtNanos(), Math::max);
                        }
                    }, posters);
                }
                CompletableFuture<Void> posting = CompletableFuture.allOf(workers);

                long deadline = start + TimeUnit.SECONDS.toNanos(options.e2eTimeoutSeconds());
                long parsedDone = -1;
                long enrichedDone = -1;
                long catalogDone = -1;
                long nextPrint = start + PRINT_EVERY_NANOS;
                while (catalogDone < 0 && System.nanoTime() < deadline) {
                    if (posting.isCompletedExceptionally()) {
                        posting.join(); // throws the POST's failure
                    }
                    TopicProgress.Offsets offsets = topics.offsets();
                    long inCatalog = catalog.statsPaperCount() - baseline;
                    long now = System.nanoTime();
                    long parsed = offsets.parsed() - startOffsets.parsed();
                    long enriched = offsets.enriched() - startOffsets.enriched();
                    if (parsedDone < 0 && parsed >= target) {
                        parsedDone = now;
                    }
                    if (enrichedDone < 0 && enriched >= target) {
                        enrichedDone = now;
                    }
                    if (inCatalog >= target) {
                        catalogDone = now;
                    }
                    if (now >= nextPrint || catalogDone >= 0) {
                        out.printf(Locale.ROOT, "  %5.1f s  accepted %,7d | papers.parsed +%,7d | papers.enriched +%,7d"
                                + " | catalog +%,7d%n", seconds(now - start), accepted.get(), parsed, enriched, inCatalog);
                        nextPrint += PRINT_EVERY_NANOS;
                    }
                    if (catalogDone < 0) {
                        Thread.sleep(SAMPLE_MILLIS);
                    }
                }
                posting.join();
                CpuPerPaper cpu = CpuPerPaper.between(cpuBefore,
                        ProcessCpu.sample(options.runDir(), options.postgresData()), papers.size());
                printCpu(cpu, System.nanoTime() - start, papers.size());
                out.printf(Locale.ROOT, "  stage done at: ingest (last 202) %s | papers.parsed %s | papers.enriched %s"
                        + " | catalog %s%n", at(lastAnswer.get(), start), at(parsedDone, start), at(enrichedDone, start),
                        at(catalogDone, start));
                double ingestRate = accepted.get() / seconds(lastAnswer.get() - start);
                if (catalogDone < 0) {
                    out.printf(Locale.ROOT, "  the catalog did not hold all %,d papers within %d s (--e2e-timeout)%n",
                            target, options.e2eTimeoutSeconds());
                    return new Result(ingestRate, null, cpu);
                }
                return new Result(ingestRate, target / seconds(catalogDone - start), cpu);
            } finally {
                posters.shutdownNow();
            }
        }
    }


    /**
     * CPU each part of the stack used during the pass, in seconds and per paper: what a stage costs, however busy
     * the machine is.
     */
    private void printCpu(CpuPerPaper cpu, long elapsedNanos, int papers) {
        StringBuilder seconds = new StringBuilder("  CPU s used:");
        StringBuilder perPaper = new StringBuilder("  CPU ms per paper:");
        cpu.services().forEach((service, ms) -> {
            if (ms != null) {
                seconds.append(String.format(Locale.ROOT, " %s %.1f |", service, ms * papers / 1000));
                perPaper.append(String.format(Locale.ROOT, " %s %.3f |", service, ms));
            }
        });
        if (cpu.total() == null) {
            out.println("  CPU: no process of the stack could be sampled (pid files in " + options.runDir() + "?)");
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "%s total %.1f of %d cores × %.1f s = %.1f (the benchmark itself: %s)%n", seconds,
                cpu.total() * papers / 1000, cores, seconds(elapsedNanos), cores * seconds(elapsedNanos),
                cpu.bench() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", cpu.bench() * papers / 1000));
        out.printf(Locale.ROOT, "%s total %.3f (the benchmark itself: %s)%n", perPaper, cpu.total(),
                cpu.bench() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", cpu.bench()));
        if (cpu.jit() != null) {
            out.printf(Locale.ROOT, "  of that total, the JVMs' JIT compiler threads: %.1f s, %.3f ms per paper (%.0f %%):"
                    + " a one-time cost a longer run spreads thinner%n", cpu.jit() * papers / 1000, cpu.jit(),
                    100 * cpu.jit() / cpu.total());
        }
    }

    private static String at(long nanos, long start) {
        return nanos < 0 ? "not reached" : String.format(Locale.ROOT, "%.2f s", seconds(nanos - start));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
