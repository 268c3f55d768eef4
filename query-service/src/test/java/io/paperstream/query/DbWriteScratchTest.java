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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.paperstream.query.testing.Taxonomy;
import io.paperstream.testing.PostgresResource;

class DbWriteScratchTest {

    static final String UPSERT = """
            INSERT INTO paper AS p (id, title, summary, source, digest_id, line, related, ingested_at, enriched_at, taxonomy_version, theme_mask)
            SELECT t.id, t.title, t.summary, t.source, t.digest_id, t.line, t.related::jsonb, t.ingested_at::timestamptz, t.enriched_at::timestamptz, t.taxonomy_version, t.theme_mask
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                 AS t(id, title, summary, source, digest_id, line, related, ingested_at, enriched_at, taxonomy_version, theme_mask)
            ORDER BY t.id
            ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title
            WHERE (p.ingested_at, p.enriched_at) < (EXCLUDED.ingested_at, EXCLUDED.enriched_at)
            RETURNING p.id, p.theme_mask, p.previous_theme_mask, p.materialized_seq""";

    @Test
    void variants() throws Exception {
        Map<String, String> db = PostgresResource.connection();
        String schema = Files.readString(Path.of("src/main/resources/db/migration/V1__catalog.sql"));
        List<String> slugs = Taxonomy.definitions().stream().map(d -> d.slug()).toList();
        List<Object[]> papers = new ArrayList<>();
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                Path.of("../../shared/data/arxiv-abstracts-100k.txt.gz"))), StandardCharsets.UTF_8))) {
            String t;
            while (papers.size() < 30000 && (t = in.readLine()) != null) {
                String s = in.readLine();
                String text = (t + " " + s).toLowerCase(Locale.ROOT);
                List<String> th = new ArrayList<>();
                long mask = 0;
                for (int b = 0; b < slugs.size(); b++) {
                    if (PerfScratchTest.KEYWORDS.get(slugs.get(b)).stream().anyMatch(text::contains)) { th.add(slugs.get(b)); mask |= 1L << b; }
                }
                papers.add(new Object[] {"id" + papers.size(), t, s, base.plusMillis(papers.size() * 10L).toString(), mask, th});
            }
        }
        String[][] variants = {
                {"full", ""},
                {"no title idx", "DROP INDEX paper_title_idx"},
                {"no mask idx", "DROP INDEX paper_theme_mask_recent_idx"},
                {"no source idx", "DROP INDEX paper_source_recent_idx"},
                {"no pt recent idx", "DROP INDEX paper_theme_slug_recent_idx"},
                {"bare (pk only)", "DROP INDEX paper_title_idx; DROP INDEX paper_theme_mask_recent_idx; DROP INDEX paper_source_recent_idx; DROP INDEX paper_theme_slug_recent_idx; DROP INDEX paper_recent_idx; DROP INDEX paper_materialized_seq_idx"},
                {"full again", ""},
        };
        try (Connection c = DriverManager.getConnection(db.get("url"), db.get("user"), db.get("password"))) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN ('fsync','synchronous_commit','full_page_writes','shared_buffers','wal_level','max_wal_size','lc_collate','server_encoding')")) {
                while (r.next()) System.out.println("DBW setting " + r.getString(1) + "=" + r.getString(2));
            }
            for (String[] v : variants) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS scratch CASCADE; CREATE SCHEMA scratch; SET search_path = scratch");
                    s.execute(schema);
                    if (!v[1].isEmpty()) s.execute(v[1]);
                }
                c.setAutoCommit(false);
                long paperNs = 0, themeNs = 0;
                long start = System.nanoTime();
                for (int from = 0; from < papers.size(); from += 2000) {
                    List<Object[]> batch = papers.subList(from, Math.min(papers.size(), from + 2000));
                    long a = System.nanoTime();
                    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                        ps.setArray(1, c.createArrayOf("text", batch.stream().map(p -> p[0]).toArray()));
                        ps.setArray(2, c.createArrayOf("text", batch.stream().map(p -> p[1]).toArray()));
                        ps.setArray(3, c.createArrayOf("text", batch.stream().map(p -> p[2]).toArray()));
                        ps.setArray(4, c.createArrayOf("text", batch.stream().map(p -> "arxiv").toArray()));
                        ps.setArray(5, c.createArrayOf("text", batch.stream().map(p -> "d1").toArray()));
                        ps.setArray(6, c.createArrayOf("integer", batch.stream().map(p -> 1).toArray()));
                        ps.setArray(7, c.createArrayOf("text", batch.stream().map(p -> "{}").toArray()));
                        ps.setArray(8, c.createArrayOf("text", batch.stream().map(p -> p[3]).toArray()));
                        ps.setArray(9, c.createArrayOf("text", batch.stream().map(p -> p[3]).toArray()));
                        ps.setArray(10, c.createArrayOf("text", batch.stream().map(p -> "v1").toArray()));
                        ps.setArray(11, c.createArrayOf("bigint", batch.stream().map(p -> p[4]).toArray()));
                        try (ResultSet r = ps.executeQuery()) { while (r.next()) { } }
                    }
                    long b = System.nanoTime();
                    List<String> ids = new ArrayList<>(), sl = new ArrayList<>(), at = new ArrayList<>();
                    for (Object[] p : batch) for (Object th : (List<?>) p[5]) { ids.add((String) p[0]); sl.add((String) th); at.add((String) p[3]); }
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO paper_theme (paper_id, slug, score, matched, ingested_at)
                            SELECT t.paper_id, t.slug, 0.5, '[]'::jsonb, t.at::timestamptz FROM unnest(?::text[], ?::text[], ?::text[]) AS t(paper_id, slug, at)""")) {
                        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
                        ps.setArray(2, c.createArrayOf("text", sl.toArray()));
                        ps.setArray(3, c.createArrayOf("text", at.toArray()));
                        ps.executeUpdate();
                    }
                    themeNs += System.nanoTime() - b;
                    paperNs += b - a;
                    c.commit();
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("DBW %-18s %d papers in %d ms = %.0f/s (paper %d ms, paper_theme %d ms)%n", v[0], papers.size(), ms, papers.size() * 1000.0 / ms, paperNs / 1_000_000, themeNs / 1_000_000);
                c.setAutoCommit(true);
            }
        }
    }
}
