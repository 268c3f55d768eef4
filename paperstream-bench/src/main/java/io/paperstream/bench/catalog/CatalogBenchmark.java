package io.paperstream.bench.catalog;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.bench.BenchCli;
import io.paperstream.bench.MachineInfo;
import io.paperstream.bench.Percentiles;
import io.paperstream.bench.StackCredentials;
import io.paperstream.bench.TimedRequests;
import io.paperstream.client.CatalogClient;
import io.paperstream.client.CatalogClient.PaperQuery;
import io.paperstream.client.Digests;
import io.paperstream.client.Http;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;

/**
 * The catalog at scale (issue 14): loads {@code --catalog N} papers made from the real corpus
 * ({@link CatalogVariants}) through the pipeline (ingest → enrich → query), then measures the database size per
 * paper, the p95 of every read shape idle and while papers stream in at {@code --load-fraction} of the capacity
 * the load itself measured, search freshness under that load, and the time {@code bin/paperstream rebuild --wait}
 * takes. Writes {@code catalog} into the results file and prints a table. Never asserts on time.
 * <p>
 * A catalog that already holds N papers is not loaded again (the load is skipped and said so), so the read
 * figures can be measured again on the same catalog.
 */
public final class CatalogBenchmark {

    /** Sources the load cycles through, digest by digest, so that a source facet has several values. */
    static final List<String> SOURCES = List.of("arxiv-cs", "arxiv-stat", "arxiv-eess", "arxiv-math");
    private static final String LOAD_SOURCE = "catalog-stream";
    private static final String PROBE_SOURCE = "catalog-probe";
    /** The catalog's tables: their total size (with indexes and TOAST) over the paper count. */
    static final List<String> CATALOG_TABLES = List.of("paper", "paper_theme", "paper_search", "theme_combo",
            "search_queue", "catalog_version", "theme");
    private static final int PAGE = 20;
    private static final String FACETS_SHAPE = "facets";
    private static final int POST_ATTEMPTS = 90;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    private static final int WARM_UP = 5;
    private static final long SEED = 14;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 500;
    private static final long PRINT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A load is over when the catalog stops growing for this long after the last digest was answered. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How often a freshness probe asks whether its paper is visible, then searchable. */
    private static final long PROBE_POLL_MILLIS = 5;
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Digests of the background load at least this often, so it is a stream and not bursts. */
    private static final int LOAD_DIGESTS_PER_SECOND = 10;

    private final CatalogOptions options;
    private final PrintStream out;
    private final CatalogClient catalog;
    private final CatalogVariants variants;
    private final StackCredentials credentials = StackCredentials.fromEnvironment();
    private final String token = credentials.ingestToken();
    private final TimedRequests requests;
    private final String runTag = Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);

    CatalogBenchmark(CatalogOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.catalog = new CatalogClient(URI.create(options.queryUrl()));
        this.variants = new CatalogVariants(Digests.read(options.data()));
        this.requests = new TimedRequests(catalog, REQUEST_TIMEOUT, WARM_UP, options.requests());
    }

    public static void main(String[] args) throws Exception {
        CatalogOptions options = BenchCli.options(args, "bench --catalog", CatalogOptions.USAGE,
                CatalogOptions::parse);
        if (options == null) {
            return;
        }
        System.exit(new CatalogBenchmark(options, System.out).run() ? 0 : 1);
    }

    boolean run() throws Exception {
        CatalogResults results = new CatalogResults();
        out.printf(Locale.ROOT, "Catalog benchmark: %,d papers from %s (%,d distinct real papers; paper i is variant "
                + "i / %,d of paper i %% %,d, its title suffixed \" (variant k)\" for k >= 1)%n", options.papers(),
                options.data(), variants.baseSize(), variants.baseSize(), variants.baseSize());
        out.println("started " + Instant.now());
        boolean ok = true;
        Double capacity = options.capacity();
        long start = catalog.statsPaperCount();
        if (start >= options.papers()) {
            out.printf(Locale.ROOT, "-- load: skipped, the catalog already holds %,d papers%n", start);
        } else {
            out.printf(Locale.ROOT, "-- load: papers %,d to %,d (the catalog holds %,d)%n", start, options.papers(),
                    start);
            double[] load = load(start, options.papers() - start);
            results.loadSeconds = load[0];
            results.loadPapersPerSecond = load[1];
            if (capacity == null) {
                capacity = load[1];
            }
        }
        results.papers = catalog.statsPaperCount();
        long databaseBytes = databaseBytes();
        results.dbBytesPerPaper = databaseBytes / (double) Math.max(1, results.papers);
        long pageCacheMb = MachineInfo.pageCacheMb();
        results.pageCacheMbAtReads = pageCacheMb < 0 ? null : (double) pageCacheMb;
        out.printf(Locale.ROOT, "  catalog: %,d papers, %,.0f bytes per paper in the catalog tables (%,d MB); OS page "
                + "cache %,d MB, load %s%n", results.papers, results.dbBytesPerPaper, databaseBytes >> 20, pageCacheMb,
                MachineInfo.loadAverage());

        Shapes shapes = new Shapes();
        out.println("-- reads, idle (" + options.requests() + " sequential requests per shape after " + WARM_UP
                + " unmeasured)");
        measureShapes(shapes, results.readP95Ms);

        if (capacity == null) {
            out.println("-- reads under load: skipped (no capacity: the load was skipped; pass --capacity)");
        } else {
            long rate = Math.max(1, Math.round(capacity * options.loadFraction()));
            results.underLoadPapersPerSecond = (double) rate;
            out.printf(Locale.ROOT, "-- reads under load: %,d papers/s streamed in (%.0f %% of %,.0f papers/s)%n",
                    rate, options.loadFraction() * 100, capacity);
            try (BackgroundLoad background = new BackgroundLoad(rate)) {
                measureShapes(shapes, results.readP95UnderLoadMs);
                out.println("-- search freshness under the same load: " + options.probes() + " probes");
                results.searchFreshnessP95Ms = searchFreshness();
                out.printf(Locale.ROOT, "  background load: %,d papers accepted%n", background.accepted());
            } catch (RuntimeException e) {
                ok = false;
                out.println("  FAILED: " + e);
            }
        }

        if (options.rebuildCommand() == null) {
            out.println("-- rebuild: skipped (--no-rebuild)");
        } else {
            awaitQuiet(catalog.statsPaperCount());
            long before = catalog.statsPaperCount();
            out.printf(Locale.ROOT, "-- rebuild: %s rebuild --wait (catalog of %,d papers)%n", options.rebuildCommand(),
                    before);
            long t0 = System.nanoTime();
            int status = new ProcessBuilder(options.rebuildCommand().toString(), "rebuild", "--wait").inheritIO()
                    .start().waitFor();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long after = catalog.statsPaperCount();
            out.printf(Locale.ROOT, "  exit %d after %.1f s; the catalog holds %,d papers (%,d before)%n", status,
                    seconds, after, before);
            if (status == 0 && after >= before) {
                results.rebuildSeconds = seconds;
            } else {
                ok = false;
            }
        }
        results.print(out);
        results.writeInto(options.out());
        out.println("written to " + options.out() + " (key catalog) at " + Instant.now());
        return ok;
    }

    /** Posts the papers at full speed; {load seconds, papers/s} from the first POST until the catalog holds them. */
    private double[] load(long from, long count) throws Exception {
        List<IngestClient> clients = SOURCES.stream()
                .map(source -> new IngestClient(URI.create(options.ingestUrl()), token, source)).toList();
        long digests = (count + options.digestSize() - 1) / options.digestSize();
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        long baseline = catalog.statsPaperCount();
        ExecutorService posters = Executors.newFixedThreadPool(options.concurrency());
        long t0 = System.nanoTime();
        long postUntil = options.loadBudgetSeconds() == null ? Long.MAX_VALUE
                : t0 + TimeUnit.SECONDS.toNanos(options.loadBudgetSeconds());
        try {
            CompletableFuture<?>[] workers = new CompletableFuture<?>[options.concurrency()];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = CompletableFuture.runAsync(() -> {
                    long d;
                    while ((d = next.getAndIncrement()) < digests && System.nanoTime() < postUntil) {
                        long first = from + d * options.digestSize();
                        int size = (int) Math.min(options.digestSize(), from + count - first);
                        IngestClient.Answer answer = post(clients.get((int) (d % clients.size())),
                                Digests.body(variants.papers(first, size)));
                        accepted.addAndGet(answer.acceptedCount());
                    }
                }, posters);
            }
            CompletableFuture<Void> posting = CompletableFuture.allOf(workers);
            long nextPrint = t0 + PRINT_EVERY_NANOS;
            long lastCount = -1;
            long stableSince = System.nanoTime();
            while (true) {
                if (posting.isCompletedExceptionally()) {
                    posting.join();
                }
                long inCatalog = catalog.statsPaperCount() - baseline;
                long now = System.nanoTime();
                if (inCatalog != lastCount) {
                    lastCount = inCatalog;
                    stableSince = now;
                }
                boolean posted = posting.isDone();
                if (now >= nextPrint) {
                    out.printf(Locale.ROOT, "  %6.0f s  accepted %,9d | catalog +%,9d | %,.0f papers/s%n",
                            (now - t0) / 1e9, accepted.get(), inCatalog, inCatalog / ((now - t0) / 1e9));
                    nextPrint += PRINT_EVERY_NANOS;
                }
                if (posted && inCatalog >= accepted.get()) {
                    break;
                }
                if (posted && now - stableSince > QUIET_NANOS) {
                    out.printf(Locale.ROOT, "  the catalog stopped growing at +%,d of %,d accepted (ids it held "
                            + "already?)%n", inCatalog, accepted.get());
                    break;
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (System.nanoTime() >= postUntil) {
                out.printf(Locale.ROOT, "  --load-budget of %d s reached: the catalog is measured at the size it "
                        + "reached, not at %,d%n", options.loadBudgetSeconds(), options.papers());
            }
            double seconds = (stableSinceOrNow(lastCount, accepted.get(), stableSince) - t0) / 1e9;
            double rate = lastCount / seconds;
            out.printf(Locale.ROOT, "  loaded %,d papers in %.1f s: %,.0f papers/s end to end%n", lastCount, seconds,
                    rate);
            return new double[] {seconds, rate};
        } finally {
            posters.shutdownNow();
        }
    }

    /**
     * A POST, again after a pause while ingest answers 503 (the broker did not acknowledge in time: "retrying is
     * safe"), so a busy machine slows the load down instead of ending it.
     */
    private IngestClient.Answer post(IngestClient client, byte[] digest) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.postAccepted(digest);
            } catch (IllegalStateException e) {
                if (attempt >= POST_ATTEMPTS || e.getMessage() == null || !e.getMessage().contains("HTTP 503")) {
                    throw e;
                }
                out.println("  ingest answered 503 (attempt " + attempt + "), posting again in " + RETRY_PAUSE);
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static long stableSinceOrNow(long count, long accepted, long stableSince) {
        return count >= accepted ? System.nanoTime() : stableSince;
    }

    private long databaseBytes() throws Exception {
        try (Connection connection = connection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT sum(pg_total_relation_size(to_regclass(t))) FROM unnest("
                        + "ARRAY['" + String.join("','", CATALOG_TABLES) + "']) AS t")) {
            row.next();
            return row.getLong(1);
        }
    }

    private Instant[] ingestedRange() throws Exception {
        try (Connection connection = connection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT min(ingested_at), max(ingested_at) FROM paper")) {
            row.next();
            return new Instant[] {row.getTimestamp(1).toInstant(), row.getTimestamp(2).toInstant()};
        }
    }

    private Connection connection() throws Exception {
        return credentials.connect(options.jdbcUrl());
    }

    /** The read shapes of issue 14 and the parameters they are asked with, chosen from the catalog itself. */
    private final class Shapes {
        final Map<String, IntFunction<String>> paths = new java.util.LinkedHashMap<>();
        private final List<String> listedIds = new ArrayList<>();

        Shapes() throws Exception {
            List<String> themes = catalog.themes().stream()
                    .sorted(Comparator.comparingLong(CatalogClient.ThemeCount::papers).reversed())
                    .map(CatalogClient.ThemeCount::slug).toList();
            if (themes.size() < 3) {
                throw new IllegalStateException("the catalog has fewer than 3 themes: " + themes);
            }
            long papers = catalog.statsPaperCount();
            List<String> words = searchWords();
            Instant[] range = ingestedRange();
            Duration span = Duration.between(range[0], range[1]);
            // a tenth of the catalog's time span, in its middle
            Instant after = range[0].plus(span.multipliedBy(45).dividedBy(100));
            Instant before = range[0].plus(span.multipliedBy(55).dividedBy(100));
            List<String> deep = deepCursors();
            // ids the catalog holds, taken along the deep walk (however the catalog was filled), in a seeded order
            List<String> ids = new ArrayList<>(listedIds);
            java.util.Collections.shuffle(ids, new Random(SEED));
            PaperQuery page = PaperQuery.all().withLimit(PAGE);
            paths.put("list", i -> page.pathAndQuery());
            paths.put("theme_one", i -> page.withThemes(null, themes.get(i % themes.size())).pathAndQuery());
            paths.put("themes_all", i -> page.withThemes("all", themes.get(0), themes.get(1 + i % 2)).pathAndQuery());
            paths.put("themes_any", i -> page.withThemes("any", themes.get(1), themes.get(2), themes.get(i % 3 + 3 < themes.size() ? i % 3 + 3 : 0)).pathAndQuery());
            paths.put("search_relevance", i -> page.withText(words.get(i % words.size())).withSort("relevance").pathAndQuery());
            paths.put("search_recent", i -> page.withText(words.get(i % words.size())).pathAndQuery());
            paths.put("min_related", i -> page.withMinRelated(papers / 2 + i).pathAndQuery());
            paths.put("date_range", i -> page.withIngested(after.plusMillis(i), before).pathAndQuery());
            paths.put("deep_cursor", i -> page.withCursor(deep.get(i % deep.size())).pathAndQuery());
            paths.put("paper", i -> CatalogClient.PAPER.replace("{id}", ids.get(i % ids.size())));
            paths.put("related", i -> CatalogClient.RELATED.replace("{id}", ids.get(i % ids.size())) + "?limit=" + PAGE);
            paths.put("themes", i -> CatalogClient.THEMES);
            paths.put(FACETS_SHAPE, i -> page.withThemes(null, themes.get(i % themes.size())).pathAndQuery()
                    + "&facets=theme,source");
            paths.put("similar", i -> CatalogClient.PAPER.replace("{id}", ids.get(i % ids.size())) + "/similar?limit="
                    + PAGE);
        }

        /** Real words of the abstracts, each found in many papers (sampled from the corpus, seeded). */
        private List<String> searchWords() {
            List<String> words = new ArrayList<>();
            Random random = new Random(SEED);
            while (words.size() < 50) {
                String[] summary = variants.paper(random.nextInt(variants.baseSize())).summary().split("[^\\p{L}]+");
                String word = summary[random.nextInt(summary.length)].toLowerCase(Locale.ROOT);
                if (word.length() >= 6 && word.chars().allMatch(c -> c < 128)) {
                    words.add(word);
                }
            }
            return words;
        }

        /** Cursors of pages far down the newest-first list (past the first --deep-pages pages). */
        private List<String> deepCursors() {
            PaperQuery page = PaperQuery.all().withLimit(PAGE);
            List<String> cursors = new ArrayList<>();
            String cursor = null;
            for (int p = 0; p < options.deepPages() + Math.min(50, options.requests()); p++) {
                CatalogClient.Page answer = catalog.papers(cursor == null ? page : page.withCursor(cursor));
                answer.items().forEach(item -> listedIds.add(item.path("id").asText()));
                cursor = answer.nextCursor();
                if (cursor == null) {
                    break;
                }
                if (p >= options.deepPages() - 1) {
                    cursors.add(cursor);
                }
            }
            if (cursors.isEmpty()) {
                throw new IllegalStateException("the list has fewer than " + options.deepPages() + " pages");
            }
            out.printf(Locale.ROOT, "  deep cursors: %d pages of %d past page %,d (%,d papers down)%n", cursors.size(),
                    PAGE, options.deepPages(), (long) options.deepPages() * PAGE);
            return cursors;
        }
    }

    private void measureShapes(Shapes shapes, Map<String, Double> into) {
        for (Map.Entry<String, IntFunction<String>> shape : shapes.paths.entrySet()) {
            try {
                HttpResponse<byte[]> answer = get(shape.getValue().apply(0));
                int first = answer.statusCode();
                if (first == 404 || first == 400) {
                    out.printf(Locale.ROOT, "  %-18s skipped: HTTP %d (endpoint not on this branch yet?) for %s%n",
                            shape.getKey(), first, shape.getValue().apply(0));
                    continue;
                }
                if (shape.getKey().equals(FACETS_SHAPE) && first == 200 && !Http.json(new String(answer.body(),
                        java.nio.charset.StandardCharsets.UTF_8)).has("facets")) {
                    // an older query ignores the unknown parameter: that would time a plain theme listing
                    out.printf(Locale.ROOT, "  %-18s skipped: the answer has no facets (facets not on this branch yet)%n",
                            shape.getKey());
                    continue;
                }
                double p95 = requests.p95(shape.getValue());
                into.put(shape.getKey(), p95);
                out.printf(Locale.ROOT, "  %-18s p95 %8.1f ms   e.g. %s%n", shape.getKey(), p95,
                        shape.getValue().apply(WARM_UP));
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "  %-18s FAILED: %s%n", shape.getKey(), e.getMessage());
            }
        }
    }

    private HttpResponse<byte[]> get(String path) {
        return requests.get(path);
    }

    /**
     * Probes, one after the other: a real paper whose title carries a word no other paper has; the time from the
     * first request that sees it in the catalog ({@code GET /papers/{id}}, committed with the list) to the first
     * {@code q=word} request that finds it. Both are polled every few ms, so a paper searchable at once counts the
     * duration of one request.
     */
    private Double searchFreshness() throws Exception {
        IngestClient probes = new IngestClient(URI.create(options.ingestUrl()), token, PROBE_SOURCE);
        double[] lags = new double[options.probes()];
        for (int p = 0; p < lags.length; p++) {
            String word = ProbeWords.word(runTag, p);
            PaperRecord base = variants.paper(p);
            PaperRecord probe = new PaperRecord("Freshness probe " + word + " of " + base.title(), base.summary());
            probes.postAccepted(Digests.body(List.of(probe)));
            String paperPath = CatalogClient.PAPER.replace("{id}", probe.expectedId());
            long deadline = System.nanoTime() + PROBE_TIMEOUT_NANOS;
            long visible;
            while (true) {
                long sent = System.nanoTime();
                if (get(paperPath).statusCode() == 200) {
                    visible = sent;
                    break;
                }
                pause(deadline, "probe " + probe.expectedId() + " never became visible");
            }
            String searchPath = PaperQuery.all().withText(word).withLimit(1).pathAndQuery();
            long found;
            while (true) {
                long sent = System.nanoTime();
                HttpResponse<byte[]> answer = get(searchPath);
                if (answer.statusCode() == 200 && Http.json(new String(answer.body(),
                        java.nio.charset.StandardCharsets.UTF_8)).path("items").size() > 0) {
                    found = sent;
                    break;
                }
                pause(deadline, "probe " + probe.expectedId() + " visible but never found by q=" + word);
            }
            lags[p] = Math.max(0, found - visible) / 1e6;
        }
        Percentiles percentiles = Percentiles.of(lags);
        out.printf(Locale.ROOT, "  visible in the catalog → found by q=: p50 %.1f  p95 %.1f  max %.1f ms%n",
                percentiles.at(50), percentiles.at(95), percentiles.at(100));
        return percentiles.at(95);
    }

    private static void pause(long deadline, String failure) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure);
        }
        Thread.sleep(PROBE_POLL_MILLIS);
    }

    private void awaitQuiet(long atLeast) {
        catalog.awaitQuiet(atLeast, Duration.ofSeconds(3), Duration.ofMinutes(2));
    }

    /** Papers past the catalog's N, streamed at a fixed rate until closed (digests of at most rate / 10). */
    private final class BackgroundLoad implements AutoCloseable {
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(4);
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicInteger failures = new AtomicInteger();

        BackgroundLoad(long rate) {
            IngestClient client = new IngestClient(URI.create(options.ingestUrl()), token, LOAD_SOURCE);
            int digestSize = (int) Math.max(1, rate / LOAD_DIGESTS_PER_SECOND);
            long interval = Math.max(1, Math.round(digestSize * 1e9 / rate));
            // real papers with the run tag in the title: new to the catalog whatever ran before
            AtomicLong next = new AtomicLong();
            clock.scheduleAtFixedRate(() -> {
                long first = next.getAndAdd(digestSize);
                senders.execute(() -> {
                    try {
                        List<PaperRecord> papers = variants.papers(first, digestSize).stream()
                                .map(p -> p.withTitle(p.title() + " (stream " + runTag + ")")).toList();
                        accepted.addAndGet(post(client, Digests.body(papers)).acceptedCount());
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                });
            }, 0, interval, TimeUnit.NANOSECONDS);
        }

        long accepted() {
            return accepted.get();
        }

        @Override
        public void close() {
            clock.shutdownNow();
            senders.shutdown();
            try {
                senders.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failures.get() > 0) {
                out.println("  background load: " + failures.get() + " digests failed");
            }
        }
    }

}
