package io.paperstream.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.CatalogClient.PaperQuery;

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
    private final TimedRequests requests;

    public QueryPhase(BenchOptions options, CatalogClient catalog) {
        this.options = options;
        this.catalog = catalog;
        this.requests = new TimedRequests(catalog, REQUEST_TIMEOUT, WARM_UP, options.queryRequests());
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
        double list = requests.p95(i -> page.pathAndQuery());
        double byTheme = requests.p95(i -> page.withThemes(null, theme).pathAndQuery());
        double search = requests.p95(i -> page.withText(words.get(i % words.size())).pathAndQuery());
        return new BenchResults.QueryLatency(list, byTheme, search);
    }
}
