package io.paperstream.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;


import io.paperstream.client.CatalogClient;
import io.paperstream.client.CatalogClient.PaperQuery;
import io.paperstream.client.Http;

/**
 * Query latency once the catalog is materialized: sequential requests of three kinds of listing (newest papers,
 * one theme's papers, a full-text search with varied real words), each timed until its answer is read.
 */
public final class QueryPhase {

    /** The theme the targets name; when the catalog has no such theme, its busiest theme stands in. */
    static final String THEME = "reinforcement-learning";
    private static final int PAGE = 20;
    /** Requests before the timed ones: connections, JIT and the database's caches are not what is measured. */
    private static final int WARM_UP = 10;
    private static final long WORD_SEED = 42;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final BenchOptions options;
    private final CatalogClient catalog;

    public QueryPhase(BenchOptions options, CatalogClient catalog) {
        this.options = options;
        this.catalog = catalog;
    }

    public BenchResults.QueryLatency run(PaperCorpus corpus) {
        List<CatalogClient.ThemeCount> themes = catalog.themes();
        String theme = themes.stream().anyMatch(t -> t.slug().equals(THEME)) ? THEME
                : themes.stream().max(Comparator.comparingLong(CatalogClient.ThemeCount::papers))
                        .map(CatalogClient.ThemeCount::slug)
                        .orElseThrow(() -> new IllegalStateException("GET /themes lists no theme"));
        List<String> words = corpus.searchWords(options.queryRequests() + WARM_UP, WORD_SEED);
        if (words.isEmpty()) {
            throw new IllegalStateException("the corpus gives no search word");
        }
        PaperQuery page = PaperQuery.all().withLimit(PAGE);
        double list = p95(i -> page);
        double byTheme = p95(i -> page.withThemes(null, theme));
        double search = p95(i -> page.withText(words.get(i % words.size())));
        return new BenchResults.QueryLatency(list, byTheme, search);
    }

    private double p95(IntFunction<PaperQuery> request) {
        for (int i = 0; i < WARM_UP; i++) {
            timedGet(request.apply(i));
        }
        double[] millis = new double[options.queryRequests()];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = timedGet(request.apply(WARM_UP + i));
        }
        return Percentiles.of(millis).at(95);
    }

    /**
     * One listing, timed until its answer is fully read, in milliseconds.
     *
     * @throws IllegalStateException for any answer but 200
     */
    private double timedGet(PaperQuery query) {
        HttpRequest request = HttpRequest.newBuilder(catalog.uri(query.pathAndQuery())).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = Http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " answered HTTP " + response.statusCode() + ": "
                    + Http.excerpt(response.body()));
        }
        return elapsed / 1e6;
    }
}
