package io.paperstream.query;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.paperstream.query.catalog.ThemeCombos;
import io.paperstream.query.catalog.query.PageCursor;
import io.paperstream.query.catalog.query.PaperQuery;
import io.paperstream.query.catalog.query.PaperQueryBuilder;
import io.paperstream.query.catalog.query.PaperSort;
import io.paperstream.query.catalog.query.SqlStatement;
import io.paperstream.query.catalog.query.ThemeMatch;
import io.paperstream.query.testing.Taxonomy;
import io.paperstream.testing.PostgresResource;

class DbPlanScratch {

    @Test
    void plans() throws Exception {
        Map<String, String> db = PostgresResource.connection();
        String schema = Files.readString(Path.of("src/main/resources/db/migration/V1__catalog.sql"));
        List<String> slugs = Taxonomy.definitions().stream().map(d -> d.slug()).toList();
        try (Connection c = DriverManager.getConnection(db.get("url"), db.get("user"), db.get("password"))) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS scratch CASCADE; CREATE SCHEMA scratch; SET search_path = scratch");
                s.execute(schema);
            }
            for (int i = 0; i < slugs.size(); i++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO theme (slug, label, position, bit, defined) VALUES (?, ?, ?, ?, true)")) {
                    ps.setString(1, slugs.get(i)); ps.setString(2, slugs.get(i)); ps.setInt(3, i); ps.setShort(4, (short) i);
                    ps.executeUpdate();
                }
            }
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            long t0 = System.nanoTime();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                    Path.of("../../shared/data/arxiv-abstracts-100k.txt.gz"))), StandardCharsets.UTF_8))) {
                String t;
                int n = 0;
                List<String[]> batch = new ArrayList<>();
                while ((t = in.readLine()) != null) {
                    String summary = in.readLine();
                    String text = (t + " " + summary).toLowerCase(Locale.ROOT);
                    long mask = 0;
                    StringBuilder themes = new StringBuilder();
                    for (int b = 0; b < slugs.size(); b++) {
                        String slug = slugs.get(b);
                        if (PerfScratch.KEYWORDS.get(slug).stream().anyMatch(text::contains)) {
                            mask |= 1L << b;
                            themes.append(themes.length() > 0 ? "," : "").append(slug);
                        }
                    }
                    batch.add(new String[] {"p" + n, t, summary, n % 10 == 0 ? "blog" : "arxiv", base.plusMillis(n * 10L).toString(), Long.toString(mask), themes.toString()});
                    n++;
                    if (batch.size() == 2000) { flush(c, batch); batch.clear(); }
                }
                flush(c, batch);
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO theme_combo SELECT theme_mask, count(*) FROM paper GROUP BY 1");
                long t1 = System.nanoTime();
                s.execute("INSERT INTO paper_search SELECT p.id, setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', p.summary), 'B') FROM paper p");
                System.out.printf("PLAN load %d ms, search vectors %d ms%n", (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
                s.execute("VACUUM ANALYZE paper"); s.execute("VACUUM ANALYZE paper_theme"); s.execute("VACUUM ANALYZE paper_search"); s.execute("ANALYZE theme_combo");
                try (ResultSet r = s.executeQuery("SELECT slug, count(*) FROM paper_theme GROUP BY slug ORDER BY 2 DESC")) {
                    StringBuilder sb = new StringBuilder("PLAN theme counts:");
                    while (r.next()) sb.append(' ').append(r.getString(1)).append('=').append(r.getLong(2));
                    System.out.println(sb);
                }
            }
            Map<Long, Long> combos = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT mask, papers FROM theme_combo")) {
                while (r.next()) combos.put(r.getLong(1), r.getLong(2));
            }
            ThemeCombos themeCombos = new ThemeCombos(combos);
            System.out.println("PLAN combos " + combos.size());
            Instant mid = base.plusMillis(50_000 * 10L);
            List<PaperQuery> queries = List.of(
                    q(List.of(), ThemeMatch.ALL, null, PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, null, PaperSort.RECENT, PageCursor.recent("f", "p50000", mid)),
                    q(List.of("reinforcement-learning"), ThemeMatch.ALL, null, PaperSort.RECENT, null),
                    q(List.of("model-collapse"), ThemeMatch.ALL, null, PaperSort.RECENT, null),
                    q(List.of("model-collapse"), ThemeMatch.ALL, null, PaperSort.RECENT, PageCursor.recent("f", "p50000", mid)),
                    q(List.of("reasoning", "llm-agents"), ThemeMatch.ALL, null, PaperSort.RECENT, null),
                    q(List.of("reasoning", "llm-agents"), ThemeMatch.ANY, null, PaperSort.RECENT, null),
                    q(List.of("model-collapse", "model-merging"), ThemeMatch.ANY, null, PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, "diffusion", PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, "model", PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, "quantization", PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, "\"large language model\" agents", PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, "diffusion", PaperSort.RELEVANCE, null),
                    q(List.of(), ThemeMatch.ALL, "model", PaperSort.RELEVANCE, null),
                    q(List.of("reinforcement-learning"), ThemeMatch.ALL, "reward", PaperSort.RECENT, null),
                    q(List.of(), ThemeMatch.ALL, null, PaperSort.TITLE, null),
                    q(List.of(), ThemeMatch.ALL, null, PaperSort.RELATED, null),
                    q(List.of("reinforcement-learning"), ThemeMatch.ALL, null, PaperSort.TITLE, null));
            for (PaperQuery query : queries) {
                System.out.println("PLAN ===== " + query.themes() + " " + query.themeMatch() + " q=" + query.text() + " sort=" + query.sort() + " after=" + (query.after() != null));
                explain(c, PaperQueryBuilder.page(query, themeCombos), true);
                explain(c, PaperQueryBuilder.count(query, themeCombos, 10_001), false);
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA scratch CASCADE");
            }
        }
    }

    private static PaperQuery q(List<String> themes, ThemeMatch match, String text, PaperSort sort, PageCursor after) {
        return new PaperQuery(themes, match, text, 0, null, null, null, sort, 20, after);
    }

    private static void explain(Connection c, SqlStatement sql, boolean plan) throws Exception {
        SqlStatement explain = new SqlStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql.sql(), sql.params());
        for (int i = 0; i < 2; i++) { try (PreparedStatement ps = explain.prepare(c); ResultSet r = ps.executeQuery()) { while (r.next()) { } } }
        try (PreparedStatement ps = explain.prepare(c); ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                String line = r.getString(1);
                if (plan || line.contains("Execution Time")) System.out.println("PLAN " + (plan ? "" : "count ") + line);
            }
        }
    }

    private static void flush(Connection c, List<String[]> batch) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO paper (id, title, summary, source, line, ingested_at, enriched_at, theme_mask)
                SELECT t.id, t.title, t.summary, t.source, 1, t.at::timestamptz, t.at::timestamptz, t.mask
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS t(id, title, summary, source, at, mask)""")) {
            for (int col = 0; col < 5; col++) {
                final int k = col;
                ps.setArray(col + 1, c.createArrayOf("text", batch.stream().map(p -> p[k]).toArray()));
            }
            ps.setArray(6, c.createArrayOf("bigint", batch.stream().map(p -> Long.parseLong(p[5])).toArray()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO paper_theme (paper_id, slug, score, ingested_at)
                SELECT t.id, unnest(string_to_array(t.themes, ',')), 0.5, t.at::timestamptz
                FROM unnest(?::text[], ?::text[], ?::text[]) AS t(id, themes, at) WHERE t.themes <> ''""")) {
            ps.setArray(1, c.createArrayOf("text", batch.stream().map(p -> p[0]).toArray()));
            ps.setArray(2, c.createArrayOf("text", batch.stream().map(p -> p[6]).toArray()));
            ps.setArray(3, c.createArrayOf("text", batch.stream().map(p -> p[4]).toArray()));
            ps.executeUpdate();
        }
    }
}
