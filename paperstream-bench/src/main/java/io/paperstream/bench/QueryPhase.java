package io.paperstream.bench;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

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

    private final BenchOptions options;
    private final CatalogClient catalog;

    public QueryPhase(BenchOptions options, CatalogClient catalog) {
        this.options = options;
        this.catalog = catalog;
    }

    public BenchResults.QueryLatency run(PaperCorpus corpus) throws IOException, InterruptedException {
        List<CatalogClient.ThemeCount> themes = catalog.themes();
        String theme = themes.stream().anyMatch(t -> t.slug().equals(THEME)) ? THEME
                : themes.stream().max(Comparator.comparingLong(CatalogClient.ThemeCount::papers))
                        .map(CatalogClient.ThemeCount::slug)
                        .orElseThrow(() -> new IllegalStateException("GET /themes lists no theme"));
        List<String> words = corpus.searchWords(options.queryRequests() + WARM_UP, WORD_SEED);
        if (words.isEmpty()) {
            throw new IllegalStateException("the corpus gives no search word");
        }
        double list = p95(i -> "/papers?limit=" + PAGE);
        double byTheme = p95(i -> "/papers?theme=" + CatalogClient.encode(theme) + "&limit=" + PAGE);
        double search = p95(i -> "/papers?q=" + CatalogClient.encode(words.get(i % words.size())) + "&limit=" + PAGE);
        return new BenchResults.QueryLatency(list, byTheme, search);
    }

    private double p95(IntFunction<String> request) throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP; i++) {
            catalog.timedGet(request.apply(i));
        }
        double[] millis = new double[options.queryRequests()];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = catalog.timedGet(request.apply(WARM_UP + i));
        }
        return Percentiles.of(millis).at(95);
    }
}
