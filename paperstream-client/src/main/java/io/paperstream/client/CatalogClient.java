package io.paperstream.client;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.api.ApiContract;
import io.paperstream.client.api.CatalogApi;

/**
 * A client of query's catalog API: {@code /papers} (one page with filters, or walked to the end by cursor),
 * facet counts of {@code /papers}, {@code /papers/{id}}, {@code /papers/{id}/related}, {@code /papers/{id}/similar},
 * {@code /themes}, {@code /themes/{slug}}, {@code /stats} and
 * readiness; theme streams are {@link SseSubscriber}s of {@link #streamUri}. Thread-safe.
 */
public final class CatalogClient {

    public static final String PAPERS = "/papers";
    public static final String PAPER = "/papers/{id}";
    public static final String RELATED = "/papers/{id}/related";
    public static final String SIMILAR = "/papers/{id}/similar";
    public static final String THEMES = "/themes";
    public static final String THEME = "/themes/{slug}";
    public static final String THEME_STREAM = "/themes/{slug}/stream";
    public static final String STATS = "/stats";
    public static final String READINESS = "/q/health/ready";
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    /** What this client calls ({@link CatalogApi}), for the check against query's served OpenAPI document. */
    public static final List<ApiOperation> OPERATIONS = ApiContract.operations(CatalogApi.class);

    /** Page size for walking the catalog; the service may cap it lower, the walk follows nextCursor anyway. */
    public static final int WALK_PAGE_SIZE = 200;
    /** A walk longer than this many pages is a cursor that never ends (a catalog of a million papers is fewer). */
    private static final int MAX_WALK_PAGES = 1_000_000 / WALK_PAGE_SIZE + 10;
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final Function<String, URI> uris;
    private final Consumer<String> log;

    /**
     * @param uris a path (and query) to query's URI for it; a function, so a restarted query is found anew
     * @param log  where progress lines of the waits go
     */
    public CatalogClient(Function<String, URI> uris, Consumer<String> log) {
        this.uris = uris;
        this.log = log;
    }

    public CatalogClient(Function<String, URI> uris) {
        this(uris, line -> { });
    }

    /** @param baseUri query's base, e.g. {@code http://localhost:8083} */
    public CatalogClient(URI baseUri) {
        this(baseUri::resolve);
    }

    /** A paper as a catalog listing shows it. */
    public record CatalogPaper(String id, String title, Set<String> themes) {
    }

    /** A theme of {@code GET /themes} with its paper count. */
    public record ThemeCount(String slug, long papers) {
    }

    /**
     * The filters and paging of {@code GET /papers}; null (or empty) leaves a filter out. Build with
     * {@link #all()} and the {@code with...} methods.
     */
    public record PaperQuery(List<String> themes, String themeMatch, String q, Long minRelated, String source,
                             Instant ingestedAfter, Instant ingestedBefore, String sort, Integer limit,
                             String cursor) {

        public static PaperQuery all() {
            return new PaperQuery(List.of(), null, null, null, null, null, null, null, null, null);
        }

        public PaperQuery withThemes(String themeMatch, String... slugs) {
            return new PaperQuery(List.of(slugs), themeMatch, q, minRelated, source, ingestedAfter, ingestedBefore,
                    sort, limit, cursor);
        }

        public PaperQuery withText(String text) {
            return new PaperQuery(themes, themeMatch, text, minRelated, source, ingestedAfter, ingestedBefore,
                    sort, limit, cursor);
        }

        public PaperQuery withMinRelated(long atLeast) {
            return new PaperQuery(themes, themeMatch, q, atLeast, source, ingestedAfter, ingestedBefore, sort,
                    limit, cursor);
        }

        public PaperQuery withSource(String label) {
            return new PaperQuery(themes, themeMatch, q, minRelated, label, ingestedAfter, ingestedBefore, sort,
                    limit, cursor);
        }

        public PaperQuery withIngested(Instant after, Instant before) {
            return new PaperQuery(themes, themeMatch, q, minRelated, source, after, before, sort, limit, cursor);
        }

        public PaperQuery withSort(String order) {
            return new PaperQuery(themes, themeMatch, q, minRelated, source, ingestedAfter, ingestedBefore, order,
                    limit, cursor);
        }

        public PaperQuery withLimit(int size) {
            return new PaperQuery(themes, themeMatch, q, minRelated, source, ingestedAfter, ingestedBefore, sort,
                    size, cursor);
        }

        public PaperQuery withCursor(String next) {
            return new PaperQuery(themes, themeMatch, q, minRelated, source, ingestedAfter, ingestedBefore, sort,
                    limit, next);
        }

        /** The path and query string of this listing. */
        public String pathAndQuery() {
            StringBuilder query = new StringBuilder();
            themes.forEach(theme -> parameter(query, "theme", theme));
            parameter(query, "themeMatch", themeMatch);
            parameter(query, "q", q);
            parameter(query, "minRelated", minRelated);
            parameter(query, "source", source);
            parameter(query, "ingestedAfter", ingestedAfter);
            parameter(query, "ingestedBefore", ingestedBefore);
            parameter(query, "sort", sort);
            parameter(query, "limit", limit);
            parameter(query, "cursor", cursor);
            return PAPERS + (query.length() == 0 ? "" : "?" + query);
        }

        private static void parameter(StringBuilder query, String name, Object value) {
            if (value != null) {
                query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                        .append(Http.encode(value.toString()));
            }
        }
    }

    /** One page of {@code GET /papers}: the items (raw JSON), the total and the next cursor (null at the end). */
    public record Page(List<JsonNode> items, long total, String nextCursor) {
    }

    /** One page of {@code GET /papers}; throws unless 200. */
    public Page papers(PaperQuery query) {
        JsonNode page = Http.getJson(uri(query.pathAndQuery()));
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        JsonNode next = page.path("nextCursor");
        return new Page(items, page.path("total").asLong(-1),
                next.isNull() || next.isMissingNode() || next.asText().isEmpty() ? null : next.asText());
    }

    /**
     * The {@code facets} of {@code GET /papers} for this listing (counts over every matching paper), e.g.
     * {@code facets(query, "theme", "source")}; throws unless 200.
     */
    public JsonNode facets(PaperQuery query, String... facets) {
        String path = query.pathAndQuery();
        String parameter = "facets=" + Http.encode(String.join(",", facets));
        return Http.getJson(uri(path + (path.contains("?") ? "&" : "?") + parameter)).path("facets");
    }

    /** {@code GET /papers/{id}/similar?limit=}; throws unless 200. */
    public JsonNode similar(String id, int limit) {
        return Http.getJson(uri(SIMILAR.replace("{id}", Http.encode(id)) + "?limit=" + limit));
    }

    /** The raw answer of {@code GET /papers}, whatever its status. */
    public HttpResponse<String> papersResponse(PaperQuery query) {
        return Http.get(uri(query.pathAndQuery()));
    }

    /** Every paper of the catalog (or of one theme), following {@code nextCursor} to the end. */
    public Walk walk(String theme) {
        PaperQuery query = PaperQuery.all().withLimit(WALK_PAGE_SIZE);
        if (theme != null) {
            query = query.withThemes(null, theme);
        }
        List<CatalogPaper> papers = new ArrayList<>();
        long firstTotal = -1;
        int pages = 0;
        String cursor = null;
        do {
            Page page = papers(query.withCursor(cursor));
            if (firstTotal < 0) {
                firstTotal = page.total();
            }
            for (JsonNode item : page.items()) {
                papers.add(new CatalogPaper(item.path("id").asText(), item.path("title").asText(), slugs(item)));
            }
            cursor = page.nextCursor();
            pages++;
            if (pages > MAX_WALK_PAGES) {
                throw new IllegalStateException("the cursor walk does not end (" + pages + " pages)");
            }
        } while (cursor != null);
        return new Walk(papers, firstTotal, pages);
    }

    /** The result of walking the listing: papers in listing order (duplicates kept, to be counted). */
    public record Walk(List<CatalogPaper> papers, long reportedTotal, int pages) {

        public Set<String> ids() {
            Set<String> ids = new LinkedHashSet<>();
            papers.forEach(p -> ids.add(p.id()));
            return ids;
        }

        public int duplicates() {
            return papers.size() - ids().size();
        }
    }

    public HttpResponse<String> paperResponse(String id) {
        return Http.get(uri(PAPER.replace("{id}", Http.encode(id))));
    }

    /** {@code GET /papers/{id}}; throws unless 200. */
    public JsonNode paper(String id) {
        return Http.getJson(uri(PAPER.replace("{id}", Http.encode(id))));
    }

    /** {@code GET /papers/{id}/related?limit=}; throws unless 200. */
    public JsonNode related(String id, int limit) {
        return Http.getJson(uri(RELATED.replace("{id}", Http.encode(id)) + "?limit=" + limit));
    }

    /** {@code GET /themes}: every theme with its paper count, in the service's order. */
    public List<ThemeCount> themes() {
        List<ThemeCount> themes = new ArrayList<>();
        for (JsonNode theme : Http.getJson(uri(THEMES))) {
            themes.add(new ThemeCount(theme.path("slug").asText(), theme.path("paperCount").asLong()));
        }
        return themes;
    }

    /** {@code GET /themes}: slug to the catalog's paperCount, in the listing's order. */
    public Map<String, Long> themePaperCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        themes().forEach(theme -> counts.put(theme.slug(), theme.papers()));
        return counts;
    }

    /** {@code GET /themes/{slug}}, whatever its status. */
    public HttpResponse<String> themeResponse(String slug) {
        return Http.get(uri(THEME.replace("{slug}", Http.encode(slug))));
    }

    public JsonNode stats() {
        return Http.getJson(uri(STATS));
    }

    /** The catalog's own paper count ({@code GET /stats}). */
    public long statsPaperCount() {
        JsonNode stats = stats();
        JsonNode papers = stats.path("papers");
        if (!papers.isNumber()) {
            throw new IllegalStateException(STATS + " has no numeric 'papers': " + stats);
        }
        return papers.asLong();
    }

    /** Whether query answers its readiness check with 200 (false when it cannot be reached). */
    public boolean ready() {
        try {
            return Http.get(uri(READINESS)).statusCode() == 200;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    /** The URI of a theme's live stream (open it with {@link SseSubscriber}). */
    public URI streamUri(String slug) {
        return uri(THEME_STREAM.replace("{slug}", Http.encode(slug)));
    }

    public URI uri(String pathAndQuery) {
        return uris.apply(pathAndQuery);
    }

    /**
     * Polls {@code /stats} until the catalog holds at least {@code atLeast} papers and then stays unchanged for
     * {@code quietFor}, or until {@code max} has passed (then the caller's checks tell what is missing). Logs a
     * progress line now and then.
     *
     * @return the last paper count seen
     */
    public long awaitQuiet(long atLeast, Duration quietFor, Duration max) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long lastCount = -1;
        long stableSince = start;
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            long count;
            String lag;
            try {
                JsonNode stats = stats();
                count = stats.path("papers").asLong(-1);
                lag = stats.path("consumerLag").asText("?");
            } catch (RuntimeException unavailable) {
                count = -1; // query restarting: keep waiting
                lag = "?";
            }
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                stableSince = now;
            } else if (count >= atLeast && now - stableSince >= quietFor.toNanos()) {
                log.accept(String.format("catalog quiet: %d papers, consumer lag %s, after %d s", count, lag,
                        Duration.ofNanos(now - start).toSeconds()));
                return count;
            }
            if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                log.accept(String.format("catalog: %d papers, consumer lag %s (waiting for >= %d, then quiet for"
                        + " %d s)", count, lag, atLeast, quietFor.toSeconds()));
                lastReport = now;
            }
            sleep(POLL_EVERY);
        }
        log.accept(String.format("catalog: %d papers after waiting %d s (expected >= %d)", lastCount,
                max.toSeconds(), atLeast));
        return lastCount;
    }

    /** Theme slugs of a paper JSON ({@code themes: [{slug, ...}]}). */
    public static Set<String> slugs(JsonNode paper) {
        Set<String> slugs = new LinkedHashSet<>();
        paper.path("themes").forEach(theme -> slugs.add(theme.path("slug").asText()));
        return slugs;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
