package io.paperstream.query.catalog.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.paperstream.events.ThemeDefinition;
import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.config.QueryConfig;

/**
 * Writes the catalog with set-based SQL: a whole batch of papers is a handful of statements over arrays
 * ({@code unnest}), in one transaction.
 * <p>
 * Idempotent by construction: a paper row is replaced only by a strictly newer version (compared in the
 * {@code ON CONFLICT ... WHERE} clause), and everything derived (paper_theme, theme_combo, catalog_version)
 * follows only the rows the upsert actually returned, so a redelivered record changes nothing at all.
 * <p>
 * <b>Parallel writers.</b> Several writers (batches of other partitions, other instances, the old and new owner of
 * a partition during a rebalance) run at once. Nothing every batch updates is shared: count deltas go to the
 * batch's own counter shards (the record's partition), and the catalog version is one row per shard.
 * <p>
 * <b>Lock order</b> (no deadlock by design: every pair of transactions takes the rows they share in one order).
 * <ol>
 * <li>{@code theme}: new slugs are inserted under a transaction-scoped advisory lock, before any other row;
 * {@link #define} takes the same lock and then touches only theme rows and the taxonomy's version row (-1).</li>
 * <li>{@code paper}: every paper row of the batch, upserts and tombstones alike, is locked by ONE statement in id
 * order (a tombstone's row through a never-newer placeholder version, see {@link #LOCK_AND_UPSERT_PAPERS}), so
 * two writers with overlapping ids wait for each other in id order and never cross.</li>
 * <li>{@code paper_theme} and {@code search_queue}: only rows of papers whose paper row this transaction holds,
 * so no other writer can want them at the same time. The search indexer takes queue rows with
 * {@code SKIP LOCKED} (it never waits for the writer), and it no longer locks paper rows (paper_search lost its
 * foreign key in V2): the writer may wait for the indexer's queue rows, the indexer never for the writer.</li>
 * <li>{@code paper_search}: the vectors of the batch's papers, written by ONE statement in id order (V5: search is
 * as fresh as the list). Rows of papers whose paper row this transaction holds; the indexer, which only drains
 * what is left in {@code search_queue} (papers whose text PostgreSQL refused here, or queued by an older version),
 * writes them in id order too, so a writer and the indexer waiting for each other's vectors take them in one
 * order and never cross.</li>
 * <li>{@code theme_combo}: in (mask, shard) order, one statement.</li>
 * <li>{@code theme_combo_source}: in (mask, source, shard) order, one statement (V8; it replaced V4's
 * {@code source_count}).</li>
 * <li>{@code catalog_version}: in shard order, last.</li>
 * </ol>
 * Two indexers (two instances) never hold the same paper, as each first takes the paper's queue row. {@link #undefine} updates one theme row and the
 * taxonomy's version row, which no batch writes.
 */
@ApplicationScoped
public class CatalogWriter {

    private static final Logger LOG = Logger.getLogger(CatalogWriter.class);

    /** Transaction-scoped advisory lock serializing theme bit assignment ("themebits"). */
    private static final long THEME_BITS_LOCK = 0x7468656d65626974L;

    /** The catalog_version shard of theme definitions (papers use their partition, >= 0). */
    static final int TAXONOMY_SHARD = -1;

    /**
     * A tombstone's placeholder version: older than any real one, so it never replaces a stored paper, but its
     * conflict still locks the row ("all rows will be locked when the ON CONFLICT DO UPDATE action is taken"); where
     * no paper exists, the placeholder inserted here is deleted again by {@link #DELETE_PAPERS} in the same
     * transaction, never visible to anyone.
     */
    private static final String PLACEHOLDER_INSTANT = "-infinity";

    /**
     * Upserts the batch's papers and locks the rows of its tombstones, all in id order. Gives the rows inserted or
     * replaced (a placeholder comes back as inserted; the caller knows its id is a removal) and whether a replaced
     * row's content is what it was: {@code stored} reads the rows as they were before this statement (every part of
     * a WITH sees one snapshot), so a re-ingest of the same text or a retag giving the same themes is told apart
     * from a real update without a second round trip.
     */
    private static final String LOCK_AND_UPSERT_PAPERS = """
            WITH written AS (
            INSERT INTO paper AS p (id, title, summary, source, digest_id, line, related, ingested_at, enriched_at,
                                    taxonomy_version, theme_mask)
            SELECT t.id, t.title, t.summary, t.source, t.digest_id, t.line, t.related::jsonb,
                   t.ingested_at::timestamptz, t.enriched_at::timestamptz, t.taxonomy_version, t.theme_mask
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::bytea[])
                 AS t(id, title, summary, source, digest_id, line, related, ingested_at, enriched_at,
                      taxonomy_version, theme_mask)
            ORDER BY t.id COLLATE "C"
            ON CONFLICT (id) DO UPDATE SET
                title = EXCLUDED.title, summary = EXCLUDED.summary, source = EXCLUDED.source,
                digest_id = EXCLUDED.digest_id, line = EXCLUDED.line, related = EXCLUDED.related,
                ingested_at = EXCLUDED.ingested_at, enriched_at = EXCLUDED.enriched_at,
                taxonomy_version = EXCLUDED.taxonomy_version,
                previous_theme_mask = p.theme_mask, theme_mask = EXCLUDED.theme_mask, previous_source = p.source,
                materialized_seq = nextval('paper_materialized_seq'), materialized_at = now()
            WHERE (p.ingested_at, p.enriched_at) < (EXCLUDED.ingested_at, EXCLUDED.enriched_at)
            RETURNING p.id, p.theme_mask, p.previous_theme_mask, p.title, p.summary, p.source, p.related,
                      p.previous_source
            ), stored AS (
                SELECT s.id, s.title, s.summary, s.source, s.related, s.theme_mask
                FROM paper s WHERE s.id IN (SELECT id FROM written)
            )
            SELECT w.id, w.theme_mask, w.previous_theme_mask,
                   (w.title, w.summary, w.source, w.related, w.theme_mask)
                       IS NOT DISTINCT FROM (s.title, s.summary, s.source, s.related, s.theme_mask) AS same_content,
                   w.source, w.previous_source
            FROM written w LEFT JOIN stored s ON s.id = w.id
            """;

    private static final String DELETE_PAPER_THEMES = "DELETE FROM paper_theme WHERE paper_id = ANY(?::text[])";

    private static final String INSERT_PAPER_THEMES = """
            INSERT INTO paper_theme (paper_id, slug, score, matched, ingested_at)
            SELECT t.paper_id, t.slug, t.score, t.matched::jsonb, t.ingested_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::float8[], ?::text[], ?::text[])
                 AS t(paper_id, slug, score, matched, ingested_at)
            """;

    /** The rows are already locked by this transaction; the second column tells placeholders apart. */
    private static final String DELETE_PAPERS = """
            DELETE FROM paper WHERE id = ANY(?::text[]) RETURNING id, theme_mask, ingested_at = '%s', source
            """.formatted(PLACEHOLDER_INSTANT);

    /**
     * New papers, new versions and removed papers wait here for the search indexer. An entry already queued is
     * touched, not left alone (DO NOTHING would neither lock nor wait): the indexer skips a locked entry and takes it
     * after this commit, and if the indexer holds it now, this waits and queues it again. Either way the vector is
     * computed from this version: an indexer reading the paper before this commit can never consume the entry that
     * stands for it.
     */
    private static final String QUEUE_FOR_SEARCH = """
            INSERT INTO search_queue AS q (paper_id)
            SELECT t.id FROM unnest(?::text[]) AS t(id) ORDER BY t.id COLLATE "C"
            ON CONFLICT (paper_id) DO UPDATE SET paper_id = EXCLUDED.paper_id
            """;

    /**
     * The full-text vectors of the batch's new papers and versions, in the batch's transaction: a paper is found by
     * {@code q} as soon as it is listed. Computed from the rows just written (the text parser's cost lands here
     * instead of in a background indexer's backlog).
     */
    private static final String WRITE_SEARCH_VECTORS = """
            INSERT INTO paper_search AS s (paper_id, recency_bucket, search)
            SELECT p.id, %s, %s FROM paper p WHERE p.id = ANY(?::text[]) ORDER BY p.id
            ON CONFLICT (paper_id) DO UPDATE SET recency_bucket = EXCLUDED.recency_bucket, search = EXCLUDED.search
            """.formatted(SearchIndex.BUCKET, SearchIndex.VECTOR);

    private static final String DROP_SEARCH_VECTORS = """
            DELETE FROM paper_search WHERE paper_id IN (
                SELECT t.id FROM unnest(?::text[]) AS t(id) ORDER BY t.id COLLATE "C")
            """;

    private static final String ADD_TO_COMBOS = """
            INSERT INTO theme_combo AS c (mask, shard, papers)
            SELECT t.mask, t.shard, t.delta FROM unnest(?::bytea[], ?::int[], ?::bigint[]) AS t(mask, shard, delta)
            ORDER BY t.mask, t.shard
            ON CONFLICT (mask, shard) DO UPDATE SET papers = c.papers + EXCLUDED.papers
            """;

    /** Shards are summed, so a shard at exactly 0 says nothing; one below 0 must stay. Rows already locked. */
    private static final String DROP_EMPTY_COMBOS = """
            DELETE FROM theme_combo c USING unnest(?::bytea[], ?::int[]) AS t(mask, shard)
            WHERE c.mask = t.mask AND c.shard = t.shard AND c.papers = 0
            """;

    private static final String ADD_TO_COMBO_SOURCES = """
            INSERT INTO theme_combo_source AS c (mask, source, shard, papers)
            SELECT t.mask, t.source, t.shard, t.delta
            FROM unnest(?::bytea[], ?::text[], ?::int[], ?::bigint[]) AS t(mask, source, shard, delta)
            ORDER BY t.mask, t.source COLLATE "C", t.shard
            ON CONFLICT (mask, source, shard) DO UPDATE SET papers = c.papers + EXCLUDED.papers
            """;

    /** As {@link #DROP_EMPTY_COMBOS}. */
    private static final String DROP_EMPTY_COMBO_SOURCES = """
            DELETE FROM theme_combo_source c USING unnest(?::bytea[], ?::text[], ?::int[]) AS t(mask, source, shard)
            WHERE c.mask = t.mask AND c.source = t.source AND c.shard = t.shard AND c.papers = 0
            """;

    private static final String BUMP_VERSIONS = """
            INSERT INTO catalog_version AS v (shard, version, last_materialized_at)
            SELECT t.shard, 1, now() FROM unnest(?::int[]) AS t(shard) ORDER BY t.shard
            ON CONFLICT (shard) DO UPDATE SET version = v.version + 1, last_materialized_at = now()
            """;

    private static final String LOCK_THEME_BITS = "SELECT pg_advisory_xact_lock(?)";

    private static final String SELECT_THEME_BITS = "SELECT slug, bit FROM theme";

    private static final String COUNT_UNDEFINED_THEMES = "SELECT count(*) FROM theme WHERE NOT defined";

    /** Longest slug the catalog stores (V3's theme_slug_length: 800 bytes at most in each index on a slug). */
    static final int MAX_SLUG_LENGTH = 200;

    private static final String INSERT_UNDEFINED_THEME = """
            INSERT INTO theme (slug, label, bit, defined) VALUES (?, ?, ?, false) ON CONFLICT (slug) DO NOTHING
            """;

    private static final String UPSERT_THEME_DEFINITION = """
            INSERT INTO theme AS th (slug, label, description, position, bit, defined, taxonomy_version)
            VALUES (?, ?, ?, ?, ?, true, ?)
            ON CONFLICT (slug) DO UPDATE SET
                label = EXCLUDED.label, description = EXCLUDED.description, position = EXCLUDED.position,
                bit = COALESCE(th.bit, EXCLUDED.bit), defined = true, taxonomy_version = EXCLUDED.taxonomy_version
            WHERE (th.label, th.description, th.position, th.defined, th.taxonomy_version, th.bit IS NULL)
                  IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.description, EXCLUDED.position, true,
                                    EXCLUDED.taxonomy_version, EXCLUDED.bit IS NULL)
            """;

    private static final String UNDEFINE_THEME = """
            UPDATE theme SET defined = false, label = slug, description = NULL, position = NULL, taxonomy_version = NULL
            WHERE slug = ? AND defined
            """;

    @Inject
    EntityManager entityManager;

    @Inject
    QueryConfig config;

    @PostConstruct
    void checkCapacity() {
        int bits = config.themes().maxBits();
        if (bits < 1 || bits > ThemeBits.MAX_CAPACITY) {
            throw new IllegalStateException("paperstream.query.themes.max-bits must be from 1 to "
                    + ThemeBits.MAX_CAPACITY + ", not " + bits);
        }
    }

    /** Applies a batch in one transaction of its own, committed when this returns. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public WriteResult write(List<PaperChange> batch) {
        return session().doReturningWork(connection -> write(connection, PaperChange.latestPerPaper(batch)));
    }

    /** Records (or updates) a theme definition; returns whether anything changed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean define(ThemeDefinition definition) {
        return session().doReturningWork(connection -> {
            lockThemeBits(connection);
            Map<String, Integer> bits = themeBits(connection);
            Integer bit = bits.containsKey(definition.slug()) ? bits.get(definition.slug())
                    : ThemeBits.allocate(new HashSet<>(bits.values()), definition.position(),
                            config.themes().maxBits());
            int changed;
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_THEME_DEFINITION)) {
                statement.setString(1, definition.slug());
                statement.setString(2, definition.label() == null ? definition.slug() : definition.label());
                statement.setString(3, definition.description());
                statement.setInt(4, definition.position());
                statement.setObject(5, bit, java.sql.Types.INTEGER);
                statement.setString(6, definition.taxonomyVersion());
                changed = statement.executeUpdate();
            }
            if (bit == null) {
                LOG.warnf("theme %s has no bit: all %d are taken; relatedPapers ignores it", definition.slug(),
                        config.themes().maxBits());
            }
            if (changed > 0) {
                bumpVersions(connection, Set.of(TAXONOMY_SHARD));
            }
            return changed > 0;
        });
    }

    /** A tombstone for a theme: it stays (papers may carry it) but is no longer defined. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean undefine(String slug) {
        return session().doReturningWork(connection -> {
            int changed;
            try (PreparedStatement statement = connection.prepareStatement(UNDEFINE_THEME)) {
                statement.setString(1, slug);
                changed = statement.executeUpdate();
            }
            if (changed > 0) {
                bumpVersions(connection, Set.of(TAXONOMY_SHARD));
            }
            return changed > 0;
        });
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    private WriteResult write(Connection connection, List<PaperChange> changes) throws SQLException {
        List<PaperChange.Upsert> upserts = new ArrayList<>();
        Map<String, Integer> removals = new HashMap<>();
        Set<Integer> shards = new TreeSet<>();
        for (PaperChange change : changes) {
            shards.add(change.shard());
            if (change instanceof PaperChange.Upsert upsert) {
                upserts.add(upsert);
            } else {
                removals.put(change.paperId(), change.shard());
            }
        }
        Set<String> slugs = slugsOf(upserts);
        Map<String, Integer> bits = themeBits(connection);
        boolean themesAdded = false;
        if (!bits.keySet().containsAll(slugs)) {
            themesAdded = addThemes(connection, slugs);
            bits = themeBits(connection);
            if (!bits.keySet().containsAll(slugs)) {
                upserts = withoutUnknownThemes(upserts, bits.keySet());
            }
        }

        ComboDeltas deltas = new ComboDeltas();
        ComboSourceDeltas comboSourceDeltas = new ComboSourceDeltas();
        Kinds kinds = new Kinds();
        List<PaperChange.Upsert> materialized = lockAndUpsertPapers(connection, upserts, removals.keySet(), bits,
                deltas, comboSourceDeltas, kinds);
        int removed = removePapers(connection, removals, deltas, comboSourceDeltas);
        replacePaperThemes(connection, materialized, removals.keySet());
        writeSearchVectors(connection, materialized.stream().map(PaperChange.Upsert::paperId).toList(),
                removals.keySet());
        applyComboDeltas(connection, deltas);
        applyComboSourceDeltas(connection, comboSourceDeltas);
        if (themesAdded || !materialized.isEmpty() || removed > 0) {
            bumpVersions(connection, shards);
        }
        return new WriteResult(kinds.inserted, kinds.updated, kinds.refreshed, upserts.size() - materialized.size(),
                removed);
    }

    /**
     * One statement over the upserts and the tombstones' placeholders, in id order: the only statement that takes
     * paper row locks. Returns the upserts that changed the catalog (inserted or newer), recording their deltas.
     */
    private List<PaperChange.Upsert> lockAndUpsertPapers(Connection connection, List<PaperChange.Upsert> upserts,
            Set<String> removals, Map<String, Integer> bits, ComboDeltas deltas, ComboSourceDeltas comboSourceDeltas,
            Kinds kinds) throws SQLException {
        int n = upserts.size() + removals.size();
        if (n == 0) {
            return List.of();
        }
        String[] ids = new String[n];
        String[] titles = new String[n];
        String[] summaries = new String[n];
        String[] sources = new String[n];
        String[] digestIds = new String[n];
        Integer[] lines = new Integer[n];
        String[] related = new String[n];
        String[] ingestedAts = new String[n];
        String[] enrichedAts = new String[n];
        String[] taxonomyVersions = new String[n];
        byte[][] masks = new byte[n][];
        Map<String, PaperChange.Upsert> byId = new HashMap<>();
        int i = 0;
        for (PaperChange.Upsert upsert : upserts) {
            PaperRow paper = upsert.paper();
            byId.put(paper.id(), upsert);
            ids[i] = paper.id();
            titles[i] = paper.title();
            summaries[i] = paper.summary() == null ? "" : paper.summary();
            sources[i] = paper.source();
            digestIds[i] = paper.digestId();
            lines[i] = paper.line();
            related[i] = paper.relatedJson();
            ingestedAts[i] = paper.ingestedAt().toString();
            enrichedAts[i] = paper.enrichedAt().toString();
            taxonomyVersions[i] = paper.taxonomyVersion();
            masks[i] = maskOf(paper.themes(), bits).toBytes();
            i++;
        }
        for (String id : removals) {
            ids[i] = id;
            titles[i] = "";
            summaries[i] = "";
            lines[i] = 0;
            related[i] = "{}";
            ingestedAts[i] = PLACEHOLDER_INSTANT;
            enrichedAts[i] = PLACEHOLDER_INSTANT;
            masks[i] = ThemeMask.EMPTY.toBytes();
            i++;
        }
        List<PaperChange.Upsert> materialized = new ArrayList<>();
        List<String> replacedIds = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LOCK_AND_UPSERT_PAPERS)) {
            setArrays(connection, statement, "text", ids, titles, summaries, sources, digestIds);
            statement.setArray(6, connection.createArrayOf("integer", lines));
            statement.setArray(7, connection.createArrayOf("text", related));
            statement.setArray(8, connection.createArrayOf("text", ingestedAts));
            statement.setArray(9, connection.createArrayOf("text", enrichedAts));
            statement.setArray(10, connection.createArrayOf("text", taxonomyVersions));
            statement.setArray(11, connection.createArrayOf("bytea", masks));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    PaperChange.Upsert upsert = byId.get(rows.getString(1));
                    if (upsert == null) {
                        continue; // a tombstone's placeholder: removePapers deletes it
                    }
                    ThemeMask mask = ThemeMask.fromBytes(rows.getBytes(2));
                    ThemeMask previousMask = ThemeMask.fromBytes(rows.getBytes(3));
                    boolean inserted = previousMask == null;
                    // columns: 4 same_content, 5 source, 6 previous_source
                    String source = rows.getString(5);
                    if (inserted) {
                        kinds.inserted++;
                        deltas.add(mask, upsert.shard(), 1);
                        comboSourceDeltas.add(mask, source, upsert.shard(), 1);
                    } else {
                        if (rows.getBoolean(4)) {
                            kinds.refreshed++;
                        } else {
                            kinds.updated++;
                        }
                        String previousSource = rows.getString(6);
                        if (!java.util.Objects.equals(previousSource, source) || !previousMask.equals(mask)) {
                            comboSourceDeltas.add(previousMask, previousSource, upsert.shard(), -1);
                            comboSourceDeltas.add(mask, source, upsert.shard(), 1);
                        }
                        replacedIds.add(upsert.paperId());
                        if (!previousMask.equals(mask)) {
                            deltas.add(previousMask, upsert.shard(), -1);
                            deltas.add(mask, upsert.shard(), 1);
                        }
                    }
                    materialized.add(upsert);
                }
            }
        }
        if (!replacedIds.isEmpty()) {
            deletePaperThemes(connection, replacedIds);
        }
        return materialized;
    }

    private static void deletePaperThemes(Connection connection, Collection<String> paperIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_PAPER_THEMES)) {
            statement.setArray(1, connection.createArrayOf("text", paperIds.toArray(String[]::new)));
            statement.executeUpdate();
        }
    }

    private void replacePaperThemes(Connection connection, List<PaperChange.Upsert> materialized,
            Set<String> removals) throws SQLException {
        if (!removals.isEmpty()) {
            deletePaperThemes(connection, removals);
        }
        List<String> paperIds = new ArrayList<>();
        List<String> slugs = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        List<String> ingestedAts = new ArrayList<>();
        for (PaperChange.Upsert upsert : materialized) {
            PaperRow paper = upsert.paper();
            for (PaperRow.Theme theme : paper.themes()) {
                paperIds.add(paper.id());
                slugs.add(theme.slug());
                scores.add(theme.score());
                matched.add(theme.matchedJson());
                ingestedAts.add(paper.ingestedAt().toString());
            }
        }
        if (paperIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_PAPER_THEMES)) {
            statement.setArray(1, connection.createArrayOf("text", paperIds.toArray(String[]::new)));
            statement.setArray(2, connection.createArrayOf("text", slugs.toArray(String[]::new)));
            statement.setArray(3, connection.createArrayOf("float8", scores.toArray(Double[]::new)));
            statement.setArray(4, connection.createArrayOf("text", matched.toArray(String[]::new)));
            statement.setArray(5, connection.createArrayOf("text", ingestedAts.toArray(String[]::new)));
            statement.executeUpdate();
        }
    }

    /** Deletes the tombstoned papers (real ones and placeholders, all locked already); returns the real ones. */
    private int removePapers(Connection connection, Map<String, Integer> removals, ComboDeltas deltas,
            ComboSourceDeltas comboSourceDeltas) throws SQLException {
        if (removals.isEmpty()) {
            return 0;
        }
        int removed = 0;
        try (PreparedStatement statement = connection.prepareStatement(DELETE_PAPERS)) {
            statement.setArray(1, connection.createArrayOf("text", removals.keySet().toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (!rows.getBoolean(3)) {
                        deltas.add(ThemeMask.fromBytes(rows.getBytes(2)), removals.get(rows.getString(1)), -1);
                        comboSourceDeltas.add(ThemeMask.fromBytes(rows.getBytes(2)), rows.getString(4),
                                removals.get(rows.getString(1)), -1);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    /**
     * The vectors of the materialized papers, dropped for the removed ones. When PostgreSQL refuses a text (a vector
     * past its limits), the statement is undone to a savepoint and the papers are queued for the indexer, which
     * indexes them one by one (an empty vector for the one refused): a paper never stops its batch.
     */
    private static void writeSearchVectors(Connection connection, List<String> materialized, Set<String> removed)
            throws SQLException {
        if (!removed.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(DROP_SEARCH_VECTORS)) {
                statement.setArray(1, connection.createArrayOf("text", removed.toArray(String[]::new)));
                statement.executeUpdate();
            }
        }
        if (materialized.isEmpty()) {
            return;
        }
        String[] ids = materialized.stream().distinct().toArray(String[]::new);
        // in SQL, as the indexer does: the pool's connection wrapper is enlisted in the JTA transaction
        executeSql(connection, "SAVEPOINT search_vectors");
        try (PreparedStatement statement = connection.prepareStatement(WRITE_SEARCH_VECTORS)) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.executeUpdate();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state == null || !(state.startsWith("22") || state.startsWith("54"))) {
                throw e;
            }
            LOG.warnf("a paper of the batch cannot be indexed for search (%s); its %d papers are queued for the "
                    + "search indexer", e.getMessage(), ids.length);
            executeSql(connection, "ROLLBACK TO SAVEPOINT search_vectors");
            queueForSearch(connection, List.of(ids));
            return;
        }
        executeSql(connection, "RELEASE SAVEPOINT search_vectors");
    }

    private static void executeSql(Connection connection, String sql) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void queueForSearch(Connection connection, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(QUEUE_FOR_SEARCH)) {
            // DO UPDATE may touch a row once per statement
            statement.setArray(1, connection.createArrayOf("text", ids.stream().distinct().toArray(String[]::new)));
            statement.executeUpdate();
        }
    }

    private static void applyComboDeltas(Connection connection, ComboDeltas deltas) throws SQLException {
        deltas.dropZeros();
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(ADD_TO_COMBOS)) {
            statement.setArray(1, connection.createArrayOf("bytea", deltas.masks()));
            statement.setArray(2, connection.createArrayOf("integer", deltas.shards()));
            statement.setArray(3, connection.createArrayOf("bigint", deltas.values()));
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(DROP_EMPTY_COMBOS)) {
            statement.setArray(1, connection.createArrayOf("bytea", deltas.masks()));
            statement.setArray(2, connection.createArrayOf("integer", deltas.shards()));
            statement.executeUpdate();
        }
    }

    private static void applyComboSourceDeltas(Connection connection, ComboSourceDeltas deltas) throws SQLException {
        deltas.dropZeros();
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(ADD_TO_COMBO_SOURCES)) {
            statement.setArray(1, connection.createArrayOf("bytea", deltas.masks()));
            statement.setArray(2, connection.createArrayOf("text", deltas.sources()));
            statement.setArray(3, connection.createArrayOf("integer", deltas.shards()));
            statement.setArray(4, connection.createArrayOf("bigint", deltas.values()));
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(DROP_EMPTY_COMBO_SOURCES)) {
            statement.setArray(1, connection.createArrayOf("bytea", deltas.masks()));
            statement.setArray(2, connection.createArrayOf("text", deltas.sources()));
            statement.setArray(3, connection.createArrayOf("integer", deltas.shards()));
            statement.executeUpdate();
        }
    }

    /**
     * Gives slugs not seen before a theme row (undefined, label = slug) and a bit while fewer than
     * {@code paperstream.query.themes.max-undefined} undefined themes exist; true if any was new. A slug past that
     * bound, or longer than {@link #MAX_SLUG_LENGTH}, gets no row: the caller leaves it off its papers.
     */
    private boolean addThemes(Connection connection, Set<String> slugs) throws SQLException {
        // under the lock, so that two writers never hand out the same bit nor pass the bound together
        lockThemeBits(connection);
        Map<String, Integer> bits = themeBits(connection);
        Set<Integer> taken = new HashSet<>(bits.values());
        long undefined = countUndefinedThemes(connection);
        int maxUndefined = config.themes().maxUndefined();
        List<String> refused = new ArrayList<>();
        boolean added = false;
        for (String slug : new TreeSet<>(slugs)) {
            if (bits.containsKey(slug)) {
                continue;
            }
            if (undefined >= maxUndefined || slug.codePointCount(0, slug.length()) > MAX_SLUG_LENGTH) {
                refused.add(slug);
                continue;
            }
            Integer bit = ThemeBits.allocate(taken, null, config.themes().maxBits());
            if (bit == null) {
                LOG.warnf("theme %s has no bit: all %d are taken; relatedPapers ignores it", slug,
                        config.themes().maxBits());
            } else {
                taken.add(bit);
            }
            try (PreparedStatement statement = connection.prepareStatement(INSERT_UNDEFINED_THEME)) {
                statement.setString(1, slug);
                statement.setString(2, slug);
                statement.setObject(3, bit, java.sql.Types.INTEGER);
                if (statement.executeUpdate() > 0) {
                    added = true;
                    undefined++;
                }
            }
        }
        if (!refused.isEmpty()) {
            LOG.warnf("%d theme slug(s) on papers are not defined by the taxonomy and were left off the papers "
                    + "(%d undefined themes at most, of at most %d characters), e.g. '%s'", refused.size(),
                    maxUndefined, MAX_SLUG_LENGTH, shown(refused.get(0)));
        }
        return added;
    }

    private static long countUndefinedThemes(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT_UNDEFINED_THEMES);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The upserts with only the themes the catalog has a row for. */
    private static List<PaperChange.Upsert> withoutUnknownThemes(List<PaperChange.Upsert> upserts,
            Set<String> known) {
        List<PaperChange.Upsert> kept = new ArrayList<>(upserts.size());
        for (PaperChange.Upsert upsert : upserts) {
            PaperRow paper = upsert.paper();
            if (paper.themes().stream().allMatch(theme -> known.contains(theme.slug()))) {
                kept.add(upsert);
            } else {
                kept.add(new PaperChange.Upsert(new PaperRow(paper.id(), paper.title(), paper.summary(),
                        paper.source(), paper.digestId(), paper.line(), paper.relatedJson(), paper.ingestedAt(),
                        paper.enrichedAt(), paper.taxonomyVersion(), paper.themes().stream()
                                .filter(theme -> known.contains(theme.slug())).toList()), upsert.shard()));
            }
        }
        return kept;
    }

    /** A slug as a log line may show it: short, without control characters. */
    private static String shown(String slug) {
        String printable = slug.codePoints().limit(60).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() < slug.length() ? printable + "…" : printable;
    }

    private static void lockThemeBits(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_THEME_BITS)) {
            statement.setLong(1, THEME_BITS_LOCK);
            statement.execute();
        }
    }

    /** Slug to bit (null when the slug got none) of every theme row. */
    private static Map<String, Integer> themeBits(Connection connection) throws SQLException {
        Map<String, Integer> bits = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_THEME_BITS);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                // wasNull() speaks of the column read last: read the bit, ask, then read the slug
                int bit = rows.getInt(2);
                Integer assigned = rows.wasNull() ? null : bit;
                bits.put(rows.getString(1), assigned);
            }
        }
        return bits;
    }

    private static void bumpVersions(Connection connection, Set<Integer> shards) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BUMP_VERSIONS)) {
            statement.setArray(1, connection.createArrayOf("integer", shards.toArray(Integer[]::new)));
            statement.executeUpdate();
        }
    }

    private static ThemeMask maskOf(Collection<PaperRow.Theme> themes, Map<String, Integer> bits) {
        List<Integer> set = new ArrayList<>();
        for (PaperRow.Theme theme : themes) {
            Integer bit = bits.get(theme.slug());
            if (bit != null) {
                set.add(bit);
            }
        }
        return ThemeMask.of(set);
    }

    private static Set<String> slugsOf(List<PaperChange.Upsert> upserts) {
        Set<String> slugs = new HashSet<>();
        upserts.forEach(upsert -> upsert.paper().themes().forEach(theme -> slugs.add(theme.slug())));
        return slugs;
    }

    private static void setArrays(Connection connection, PreparedStatement statement, String type,
            String[]... columns) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            statement.setArray(i + 1, connection.createArrayOf(type, columns[i]));
        }
    }

    /** How the rows one statement wrote split: new papers, changed content, same content. */
    private static final class Kinds {
        int inserted;
        int updated;
        int refreshed;
    }

    /** Count deltas by (mask, shard), in that order: the order their rows are locked in. */
    private static final class ComboDeltas {

        private final TreeMap<Key, Long> deltas = new TreeMap<>();

        void add(ThemeMask mask, int shard, long delta) {
            deltas.merge(new Key(mask, shard), delta, Long::sum);
        }

        void dropZeros() {
            deltas.values().removeIf(delta -> delta == 0);
        }

        boolean isEmpty() {
            return deltas.isEmpty();
        }

        byte[][] masks() {
            return deltas.keySet().stream().map(key -> key.mask().toBytes()).toArray(byte[][]::new);
        }

        Integer[] shards() {
            return deltas.keySet().stream().map(Key::shard).toArray(Integer[]::new);
        }

        Long[] values() {
            return deltas.values().toArray(Long[]::new);
        }

        private record Key(ThemeMask mask, int shard) implements Comparable<Key> {

            @Override
            public int compareTo(Key other) {
                int byMask = mask.compareTo(other.mask);
                return byMask != 0 ? byMask : Integer.compare(shard, other.shard);
            }
        }
    }

    /**
     * Paper count deltas by (mask, source, shard), in that order (sources byte-wise, as the "C" collation orders
     * them): the order their theme_combo_source rows are locked in. Papers without a source are not counted.
     */
    private static final class ComboSourceDeltas {

        private final TreeMap<ComboSourceKey, Long> deltas = new TreeMap<>();

        void add(ThemeMask mask, String source, int shard, long delta) {
            if (source != null) {
                deltas.merge(new ComboSourceKey(mask, source, shard), delta, Long::sum);
            }
        }

        void dropZeros() {
            deltas.values().removeIf(delta -> delta == 0);
        }

        boolean isEmpty() {
            return deltas.isEmpty();
        }

        byte[][] masks() {
            return deltas.keySet().stream().map(key -> key.mask().toBytes()).toArray(byte[][]::new);
        }

        String[] sources() {
            return deltas.keySet().stream().map(ComboSourceKey::source).toArray(String[]::new);
        }

        Integer[] shards() {
            return deltas.keySet().stream().map(ComboSourceKey::shard).toArray(Integer[]::new);
        }

        Long[] values() {
            return deltas.values().toArray(Long[]::new);
        }

        private record ComboSourceKey(ThemeMask mask, String source, int shard) implements Comparable<ComboSourceKey> {

            @Override
            public int compareTo(ComboSourceKey other) {
                int byMask = mask.compareTo(other.mask);
                if (byMask != 0) {
                    return byMask;
                }
                int bySource = java.util.Arrays.compareUnsigned(source.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        other.source.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return bySource != 0 ? bySource : Integer.compare(shard, other.shard);
            }
        }
    }
}
