package io.paperstream.query.catalog.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.catalog.read.CatalogReader;
import io.paperstream.query.catalog.read.CatalogSnapshot;
import io.paperstream.query.catalog.read.CatalogTheme;
import io.paperstream.query.testing.CatalogDatabase;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two batch writers (as two query instances, or the old and new owner of a partition during a rebalance) write
 * overlapping papers at once while the search indexer runs, against the real PostgreSQL: no write may fail (a
 * deadlock, 40P01, would surface here, as nothing retries), and afterwards every count the catalog serves equals
 * the count of the rows themselves.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ConcurrentWritersTest {

    private static final Instant BASE = Instant.parse("2026-09-01T08:00:00Z");
    private static final int PAPERS = 400;
    private static final int BATCHES_PER_WRITER = 60;
    private static final int CHANGES_PER_BATCH = 150;
    /** Partitions the writers' records come from; both writers share partition 1 (a rebalance overlap). */
    private static final int[][] SHARDS = {{0, 1}, {1, 2}};
    /** Taxonomy themes plus slugs no definition announced (new theme rows are created concurrently). */
    private static final String[] SLUGS = {"reasoning", "dialogue", "tool-use", "efficiency", "multilingual",
            "concurrency-alpha", "concurrency-beta", "concurrency-gamma"};
    /** Sources of the papers' versions; null = a paper without one. */
    private static final String[] SOURCES = {"concurrency-a", "concurrency-b", "concurrency-c", null};

    @Inject
    CatalogWriter writer;

    @Inject
    SearchIndex searchIndex;

    @Inject
    CatalogReader catalog;

    @Inject
    DataSource dataSource;

    @Test
    void twoWritersAndTheIndexerNeverDeadlockAndCountsStayExact() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            CompletableFuture<Integer> indexer = CompletableFuture.supplyAsync(() -> {
                int indexed = 0;
                while (writing.get()) {
                    indexed += searchIndex.indexPending(50);
                }
                return indexed;
            }, threads);
            CompletableFuture<WriteResult> first = CompletableFuture.supplyAsync(() -> writeBatches(1, SHARDS[0]),
                    threads);
            CompletableFuture<WriteResult> second = CompletableFuture.supplyAsync(() -> writeBatches(2, SHARDS[1]),
                    threads);
            WriteResult a = first.get(5, TimeUnit.MINUTES);
            WriteResult b = second.get(5, TimeUnit.MINUTES);
            writing.set(false);
            indexer.get(1, TimeUnit.MINUTES);
            // both writers really changed the catalog, removals included
            assertThat(a.materialized()).isPositive();
            assertThat(b.materialized()).isPositive();
            assertThat(a.removed() + b.removed()).isPositive();
        } finally {
            writing.set(false);
            threads.shutdownNow();
        }

        assertThat(CatalogDatabase.storedCombos(dataSource)).isEqualTo(CatalogDatabase.countedCombos(dataSource));
        // papers per (combination, source), summed over shards = the papers grouped (V8); none without a source
        assertThat(counts("""
                SELECT encode(mask, 'hex') || '/' || source, sum(papers) FROM theme_combo_source
                GROUP BY mask, source HAVING sum(papers) <> 0
                """)).isEqualTo(counts("""
                SELECT encode(theme_mask, 'hex') || '/' || source, count(*) FROM paper WHERE source IS NOT NULL
                GROUP BY theme_mask, source
                """)).hasSizeGreaterThan(SOURCES.length);
        Map<String, Long> counted = counts("SELECT slug, count(*) FROM paper_theme GROUP BY slug");
        CatalogSnapshot snapshot = catalog.snapshot();
        for (String slug : SLUGS) {
            CatalogTheme theme = snapshot.theme(slug);
            assertThat(theme).as(slug).isNotNull();
            assertThat(snapshot.combos().papersWithBit(theme.bit())).as(slug)
                    .isEqualTo(counted.getOrDefault(slug, 0L));
        }
        assertThat(snapshot.combos().totalPapers()).isEqualTo(single("SELECT count(*) FROM paper"));
        // derived rows follow their papers: no theme of a removed paper, masks agree with the themes
        assertThat(single("SELECT count(*) FROM paper_theme t WHERE NOT EXISTS "
                + "(SELECT 1 FROM paper p WHERE p.id = t.paper_id)")).isZero();
        assertThat(storedMasks()).isEqualTo(masksOfThemes());
        // the writers index in their own transactions (V5): as soon as they are done, nothing waits for the
        // indexer, every paper has exactly the vector of its current text and removed papers none
        assertThat(searchIndex.pending()).isZero();
        assertThat(single("""
                SELECT count(*) FROM paper p FULL JOIN paper_search s ON s.paper_id = p.id
                WHERE p.id IS NULL OR s.paper_id IS NULL
                """)).isZero();
        assertThat(single("""
                SELECT count(*) FROM paper p JOIN paper_search s ON s.paper_id = p.id
                WHERE s.search <> setweight(to_tsvector('english', p.title), 'A')
                                  || setweight(to_tsvector('english', p.summary), 'B')
                """)).isZero();
    }

    /** Batches of upserts (random versions and themes) and tombstones over the shared paper ids. */
    private WriteResult writeBatches(long seed, int[] shards) {
        Random random = new Random(seed);
        WriteResult total = WriteResult.NONE;
        for (int batch = 0; batch < BATCHES_PER_WRITER; batch++) {
            List<PaperChange> changes = new ArrayList<>();
            for (int i = 0; i < CHANGES_PER_BATCH; i++) {
                String id = "concurrent-" + random.nextInt(PAPERS);
                int shard = shards[random.nextInt(shards.length)];
                if (random.nextInt(8) == 0) {
                    changes.add(new PaperChange.Removal(id, shard));
                } else {
                    changes.add(new PaperChange.Upsert(paper(id, random), shard));
                }
            }
            total = total.plus(writer.write(changes));
        }
        return total;
    }

    private static PaperRow paper(String id, Random random) {
        List<PaperRow.Theme> themes = new ArrayList<>();
        for (String slug : SLUGS) {
            if (random.nextInt(3) == 0) {
                themes.add(new PaperRow.Theme(slug, random.nextDouble(), "[\"" + slug + "\"]"));
            }
        }
        Instant enrichedAt = BASE.plusSeconds(1 + random.nextInt(10_000));
        // versions move between sources (and to none): theme_combo_source moves with them
        String source = SOURCES[random.nextInt(SOURCES.length)];
        return new PaperRow(id, "Concurrent paper " + id, "Written by two writers at once.", source,
                "digest-concurrency", 1, "{\"guides\": " + random.nextInt(5) + "}", BASE, enrichedAt, "v", themes);
    }

    /** Each paper's stored theme mask. */
    private Map<String, ThemeMask> storedMasks() throws SQLException {
        Map<String, ThemeMask> masks = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, theme_mask FROM paper")) {
            while (rows.next()) {
                masks.put(rows.getString(1), ThemeMask.fromBytes(rows.getBytes(2)));
            }
        }
        return masks;
    }

    /** Each paper's mask as its paper_theme rows and the themes' bits make it. */
    private Map<String, ThemeMask> masksOfThemes() throws SQLException {
        Map<String, List<Integer>> bits = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT p.id, th.bit FROM paper p LEFT JOIN paper_theme t ON t.paper_id = p.id
                        LEFT JOIN theme th ON th.slug = t.slug
                        """)) {
            while (rows.next()) {
                List<Integer> paperBits = bits.computeIfAbsent(rows.getString(1), k -> new ArrayList<>());
                int bit = rows.getInt(2);
                if (!rows.wasNull()) {
                    paperBits.add(bit);
                }
            }
        }
        Map<String, ThemeMask> masks = new HashMap<>();
        bits.forEach((id, paperBits) -> masks.put(id, ThemeMask.of(paperBits)));
        return masks;
    }

    private Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private long single(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
