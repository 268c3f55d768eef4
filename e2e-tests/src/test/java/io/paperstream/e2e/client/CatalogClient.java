package io.paperstream.e2e.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.e2e.harness.Progress;

/** Reads query's catalog API: {@code /papers} (walked page by page), {@code /papers/{id}}, {@code /themes}, {@code /stats}. */
public final class CatalogClient {

    /** Page size for walking the catalog; the service may cap it lower, the walk follows nextCursor anyway. */
    static final int PAGE_SIZE = 200;
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final Function<String, URI> uris;

    public CatalogClient(Function<String, URI> uris) {
        this.uris = uris;
    }

    /** A paper as a catalog listing shows it. */
    public record CatalogPaper(String id, String title, Set<String> themes) {
    }

    /** The catalog's own paper count ({@code GET /stats}). */
    public long statsPaperCount() {
        JsonNode stats = Http.getJson(uris.apply("/stats"));
        JsonNode papers = stats.path("papers");
        if (!papers.isNumber()) {
            throw new IllegalStateException("/stats has no numeric 'papers': " + stats);
        }
        return papers.asLong();
    }

    /**
     * Polls {@code /stats} until the catalog holds at least {@code atLeast} papers and then stays unchanged for
     * {@code quietFor}, or until {@code max} has passed (then the caller's assertions tell what is missing).
     * Prints a progress line now and then.
     *
     * @return the last paper count seen
     */
    public long awaitQuiet(long atLeast, Duration quietFor, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long lastCount = -1;
        long stableSince = System.nanoTime();
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
                Progress.log("catalog quiet: %d papers, consumer lag %s, after %d s", count, lag,
                        Duration.ofNanos(now - (deadline - max.toNanos())).toSeconds());
                return count;
            }
            if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                Progress.log("catalog: %d papers, consumer lag %s (waiting for >= %d, then quiet for %d s)", count,
                        lag, atLeast, quietFor.toSeconds());
                lastReport = now;
            }
            sleep(POLL_EVERY);
        }
        Progress.log("catalog: %d papers after waiting %d s (expected >= %d)", lastCount, max.toSeconds(), atLeast);
        return lastCount;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode stats() {
        return Http.getJson(uris.apply("/stats"));
    }

    /** Every paper of the catalog (or of one theme), following {@code nextCursor} to the end. */
    public Walk walk(String theme) {
        List<CatalogPaper> papers = new ArrayList<>();
        String cursor = null;
        long firstTotal = -1;
        int pages = 0;
        do {
            StringBuilder path = new StringBuilder("/papers?limit=").append(PAGE_SIZE);
            if (theme != null) {
                path.append("&theme=").append(encode(theme));
            }
            if (cursor != null) {
                path.append("&cursor=").append(encode(cursor));
            }
            JsonNode page = Http.getJson(uris.apply(path.toString()));
            if (firstTotal < 0) {
                firstTotal = page.path("total").asLong(-1);
            }
            for (JsonNode item : page.path("items")) {
                papers.add(new CatalogPaper(item.path("id").asText(), item.path("title").asText(), slugs(item)));
            }
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() || next.asText().isEmpty() ? null : next.asText();
            pages++;
            if (pages > 1_000_000 / PAGE_SIZE + 10) {
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
        return Http.get(uris.apply("/papers/" + encode(id)));
    }

    public JsonNode paper(String id) {
        return Http.getJson(uris.apply("/papers/" + encode(id)));
    }

    /** {@code GET /themes}: slug to the catalog's paperCount, in the listing's order. */
    public Map<String, Long> themePaperCounts() {
        JsonNode themes = Http.getJson(uris.apply("/themes"));
        JsonNode list = themes.isArray() ? themes : themes.path("items");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonNode theme : list) {
            counts.put(theme.path("slug").asText(), theme.path("paperCount").asLong());
        }
        return counts;
    }

    /** Theme slugs of a paper JSON ({@code themes: [{slug, ...}]}). */
    public static Set<String> slugs(JsonNode paper) {
        Set<String> slugs = new LinkedHashSet<>();
        paper.path("themes").forEach(theme -> slugs.add(theme.path("slug").asText()));
        return slugs;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
