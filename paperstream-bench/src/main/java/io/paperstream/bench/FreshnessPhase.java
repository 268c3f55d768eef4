package io.paperstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
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

/**
 * Freshness at a fixed offered rate: small digests on a fixed schedule (one of {@code --freshness-digest} papers
 * every digest/rate seconds), while the busiest themes' live streams are watched. A paper's freshness is the time
 * from the 202 that accepted it to its first arrival on a theme stream; papers of no watched theme are not
 * measured (the count of measured papers is printed).
 */
public final class FreshnessPhase {

    /** Enough senders that a slow answer never holds up the schedule. */
    private static final int SENDERS = 8;
    private static final long ATTACH_TIMEOUT_MILLIS = 10_000;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Papers reach the streams right after the catalog commit that counts them; this covers the hand-over. */
    private static final long STREAM_GRACE_MILLIS = 1_000;
    private static final long POLL_MILLIS = 250;

    private final BenchOptions options;
    private final HttpClient http;
    private final IngestClient ingest;
    private final CatalogClient catalog;
    private final PrintStream out;

    public FreshnessPhase(BenchOptions options, HttpClient http, IngestClient ingest, CatalogClient catalog,
            PrintStream out) {
        this.options = options;
        this.http = http;
        this.ingest = ingest;
        this.catalog = catalog;
        this.out = out;
    }

    public BenchResults.Latency run(List<BenchPaper> papers) throws Exception {
        List<String> slugs = catalog.themes().stream()
                .sorted(Comparator.comparingLong(CatalogClient.ThemeCount::papers).reversed())
                .limit(options.sseStreams()).map(CatalogClient.ThemeCount::slug).toList();
        if (slugs.isEmpty()) {
            throw new IllegalStateException("GET /themes lists no theme: nothing to watch");
        }
        try (ThemeStreams streams = new ThemeStreams()) {
            List<String> watched = streams.open(http, catalog, slugs, ATTACH_TIMEOUT_MILLIS);
            if (watched.isEmpty()) {
                throw new IllegalStateException("no theme stream could be opened");
            }
            out.println("  watching " + watched.size() + " theme streams: " + String.join(", ", watched));

            List<List<BenchPaper>> digests = Digests.split(papers, options.freshnessDigestSize());
            List<byte[]> bodies = digests.stream().map(Digests::body).toList();
            long baseline = catalog.papers();
            long[] answeredAt = send(bodies);

            awaitCatalog(baseline + papers.size());
            Thread.sleep(STREAM_GRACE_MILLIS);

            List<Double> latencies = new ArrayList<>();
            int beforeAnswer = 0;
            for (int d = 0; d < digests.size(); d++) {
                for (BenchPaper paper : digests.get(d)) {
                    Long arrival = streams.arrival(paper.id());
                    if (arrival != null) {
                        long nanos = arrival - answeredAt[d];
                        if (nanos < 0) {
                            beforeAnswer++; // on the stream before the 202 was read: visible at once
                        }
                        latencies.add(Math.max(0, nanos) / 1e6);
                    }
                }
            }
            if (latencies.isEmpty()) {
                throw new IllegalStateException("none of the " + papers.size() + " papers arrived on a watched stream");
            }
            out.printf(Locale.ROOT, "  %,d of %,d papers seen on the streams (%,d paper events; %d before their 202)%n",
                    latencies.size(), papers.size(), streams.events(), beforeAnswer);
            Percentiles percentiles = Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray());
            return new BenchResults.Latency(percentiles.at(50), percentiles.at(95), percentiles.at(99));
        }
    }

    /** Posts the digests on the fixed schedule; when each one's 202 arrived. */
    private long[] send(List<byte[]> bodies) throws InterruptedException {
        long[] answeredAt = new long[bodies.size()];
        long intervalNanos = Math.round(options.freshnessDigestSize() * 1e9 / options.rate());
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
                        () -> answeredAt[index] = ingest.post(bodies.get(index)).answeredAtNanos(), senders);
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
                    bodies.size(), options.freshnessDigestSize(), scheduled / 1e9, options.rate(), answered / 1e9);
            return answeredAt;
        } finally {
            clock.shutdownNow();
            senders.shutdownNow();
        }
    }


    /** Waits until the catalog holds the phase's papers (they are new), so the streams had their chance. */
    private void awaitCatalog(long target) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        long papers;
        while ((papers = catalog.papers()) < target) {
            if (System.nanoTime() > deadline) {
                out.printf(Locale.ROOT, "  the catalog holds %,d papers, not yet %,d, after %d s: measuring anyway%n",
                        papers, target, TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NANOS));
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
