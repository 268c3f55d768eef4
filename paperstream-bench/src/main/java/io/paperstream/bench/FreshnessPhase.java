package io.paperstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.paperstream.client.PaperRecord;
import io.paperstream.client.Digests;
import io.paperstream.client.IngestClient;
import io.paperstream.client.CatalogClient;

/**
 * Freshness at a fixed offered rate: small digests on a fixed schedule (one digest every digest/rate seconds),
 * while the busiest themes' live streams are watched. A paper's freshness is the time from the 202 that accepted
 * it to its first arrival on a theme stream; papers of no watched theme are not measured (the count of measured
 * papers is printed).
 * <p>
 * One instance measures several loads one after the other (the {@code --rate} point, then the freshness curve)
 * over the same streams, opened once: query limits the streams per client, and closed ones may not be released
 * yet when the next load would open its own.
 */
public final class FreshnessPhase implements AutoCloseable {

    /** Enough senders that a slow answer never holds up the schedule. */
    private static final int SENDERS = 8;
    private static final long ATTACH_TIMEOUT_MILLIS = 10_000;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The streams and the catalog read papers.enriched independently: this covers a stream a little behind. */
    private static final long STREAM_GRACE_MILLIS = 1_000;
    /** The catalog is quiet when it did not grow for this long: what an earlier load left is materialized. */
    private static final long QUIET_MILLIS = 1_000;
    private static final long POLL_MILLIS = 250;

    /** An offered load: papers per second, sent in digests of {@code digestSize} (one every digestSize/rate s). */
    public record Load(long papersPerSecond, int digestSize) {
        public Load {
            if (papersPerSecond < 1 || digestSize < 1) {
                throw new IllegalArgumentException("a load needs a rate and a digest size of at least 1");
            }
        }
    }

    private final BenchOptions options;
    private final IngestClient ingest;
    private final CatalogClient catalog;
    private final PrintStream out;
    private ThemeStreams streams;

    public FreshnessPhase(BenchOptions options, IngestClient ingest, CatalogClient catalog, PrintStream out) {
        this.options = options;
        this.ingest = ingest;
        this.catalog = catalog;
        this.out = out;
    }

    /** The {@code --rate} point: {@code --rate} papers/s in digests of {@code --freshness-digest}. */
    public BenchResults.Latency run(List<PaperRecord> papers) throws Exception {
        return run(papers, new Load(options.rate(), options.freshnessDigestSize()));
    }

    /** Offers the papers at the load, then gives the percentiles of their freshness in milliseconds. */
    public BenchResults.Latency run(List<PaperRecord> papers, Load load) throws Exception {
        ThemeStreams watched = streams();
        awaitQuiet();
        List<List<PaperRecord>> digests = Digests.chunks(papers, load.digestSize());
        List<byte[]> bodies = digests.stream().map(Digests::body).toList();
        long baseline = catalog.statsPaperCount();
        long[] answeredAt = send(bodies, load);

        awaitCatalog(baseline + papers.size());
        Thread.sleep(STREAM_GRACE_MILLIS);

        List<Double> latencies = new ArrayList<>();
        List<Double> untilTagged = new ArrayList<>();
        List<Double> taggedToStream = new ArrayList<>();
        int beforeAnswer = 0;
        for (int d = 0; d < digests.size(); d++) {
            for (PaperRecord paper : digests.get(d)) {
                Long arrival = watched.arrival(paper.expectedId());
                if (arrival != null) {
                    long nanos = arrival - answeredAt[d];
                    if (nanos < 0) {
                        beforeAnswer++; // on the stream before the 202 was read: visible at once
                    }
                    latencies.add(Math.max(0, nanos) / 1e6);
                }
                ThemeStreams.Stages stages = watched.stages(paper.expectedId());
                if (stages != null) {
                    untilTagged.add((double) stages.untilTagged());
                    taggedToStream.add((double) stages.taggedToStream());
                }
            }
        }
        if (latencies.isEmpty()) {
            throw new IllegalStateException("none of the " + papers.size() + " papers arrived on a watched stream");
        }
        out.printf(Locale.ROOT, "  %,d of %,d papers seen on the streams (%,d paper events so far; %d before their 202)%n",
                latencies.size(), papers.size(), watched.events(), beforeAnswer);
        if (!untilTagged.isEmpty()) {
            // where the time went, by the papers' own timestamps: tells a slow hop from a slow reader
            out.printf(Locale.ROOT, "  stages (service clocks, ms p50 / p95 / p99): accepted → tagged by enrich %s;"
                    + " tagged → on the stream %s%n", summary(untilTagged), summary(taggedToStream));
        }
        Percentiles percentiles = Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray());
        return new BenchResults.Latency(percentiles.at(50), percentiles.at(95), percentiles.at(99));
    }

    private static String summary(List<Double> millis) {
        Percentiles percentiles = Percentiles.of(millis.stream().mapToDouble(Double::doubleValue).toArray());
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", percentiles.at(50), percentiles.at(95),
                percentiles.at(99));
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
        }
    }

    /** The busiest themes' streams, opened at the first load. */
    private ThemeStreams streams() throws IOException, InterruptedException {
        if (streams != null) {
            return streams;
        }
        List<String> slugs = catalog.themes().stream()
                .sorted(Comparator.comparingLong(CatalogClient.ThemeCount::papers).reversed())
                .limit(options.sseStreams()).map(CatalogClient.ThemeCount::slug).toList();
        if (slugs.isEmpty()) {
            throw new IllegalStateException("GET /themes lists no theme: nothing to watch");
        }
        ThemeStreams opened = new ThemeStreams();
        List<String> watched = opened.open(catalog, slugs, ATTACH_TIMEOUT_MILLIS);
        if (watched.isEmpty()) {
            opened.close();
            throw new IllegalStateException("no theme stream could be opened");
        }
        out.println("  watching " + watched.size() + " theme streams: " + String.join(", ", watched));
        streams = opened;
        return streams;
    }

    /** Posts the digests on the fixed schedule; when each one's 202 arrived. */
    private long[] send(List<byte[]> bodies, Load load) throws InterruptedException {
        long[] answeredAt = new long[bodies.size()];
        long intervalNanos = Math.max(1, Math.round(load.digestSize() * 1e9 / load.papersPerSecond()));
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> posts = new ArrayList<>(bodies.size());
        long start = System.nanoTime();
        try {
            clock.scheduleAtFixedRate(() -> {
                int index = next.getAndIncrement();
                if (index >= bodies.size()) {
                    return;
                }
                CompletableFuture<Void> post = CompletableFuture.runAsync(
                        () -> answeredAt[index] = ingest.postAccepted(bodies.get(index)).answeredAtNanos(), senders);
                synchronized (posts) {
                    posts.add(post);
                }
            }, 0, intervalNanos, TimeUnit.NANOSECONDS);
            while (next.get() < bodies.size()) {
                Thread.sleep(POLL_MILLIS);
            }
            long scheduled = System.nanoTime() - start;
            synchronized (posts) {
                CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
            }
            long answered = System.nanoTime() - start;
            out.printf(Locale.ROOT, "  %,d digests of %d sent in %.1f s (offered %,d papers/s), all answered after %.1f s%n",
                    bodies.size(), load.digestSize(), scheduled / 1e9, load.papersPerSecond(), answered / 1e9);
            return answeredAt;
        } finally {
            clock.shutdownNow();
            senders.shutdownNow();
        }
    }

    /**
     * Waits until the catalog stops growing, so a load does not start behind what an earlier one (or phase) left
     * queued; gives up after the drain timeout and says so.
     */
    private void awaitQuiet() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        long last = catalog.statsPaperCount();
        while (true) {
            Thread.sleep(QUIET_MILLIS);
            long now = catalog.statsPaperCount();
            if (now == last) {
                return;
            }
            if (System.nanoTime() > deadline) {
                out.printf(Locale.ROOT, "  the catalog still grows after %d s (%,d papers): measuring anyway%n",
                        TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NANOS), now);
                return;
            }
            last = now;
        }
    }

    /** Waits until the catalog holds the load's papers (they are new), so the streams had their chance. */
    private void awaitCatalog(long target) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        long papers;
        while ((papers = catalog.statsPaperCount()) < target) {
            if (System.nanoTime() > deadline) {
                out.printf(Locale.ROOT, "  the catalog holds %,d papers, not yet %,d, after %d s: measuring anyway%n",
                        papers, target, TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NANOS));
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
