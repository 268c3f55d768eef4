package io.paperstream.query.catalog;

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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.events.ThemeTag;

/**
 * Writes the catalog with set-based SQL: a whole batch of papers is a handful of statements over arrays
 * ({@code unnest}), in one transaction.
 * <p>
 * Idempotent by construction: a paper row is replaced only by a strictly newer version (compared in the
 * {@code ON CONFLICT ... WHERE} clause), and everything derived (paper_theme, theme_combo, catalog_state) follows
 * only the rows the upsert actually returned, so a redelivered record changes nothing at all.
 */
@ApplicationScoped
public class CatalogWriter {

    private static final Logger LOG = Logger.getLogger(CatalogWriter.class);

    /** Transaction-scoped advisory lock serializing theme bit assignment ("themebits"). */
    private static final long THEME_BITS_LOCK = 0x7468656d65626974L;

    private static final String UPSERT_PAPERS = """
            INSERT INTO paper AS p (id, title, summary, source, digest_id, line, related, ingested_at, enriched_at,
                                    taxonomy_version, theme_mask)
            SELECT t.id, t.title, t.summary, t.source, t.digest_id, t.line, t.related::jsonb,
                   t.ingested_at::timestamptz, t.enriched_at::timestamptz, t.taxonomy_version, t.theme_mask
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::bigint[])
                 AS t(id, title, summary, source, digest_id, line, related, ingested_at, enriched_at,
                      taxonomy_version, theme_mask)
            ORDER BY t.id COLLATE "C"
            ON CONFLICT (id) DO UPDATE SET
                title = EXCLUDED.title, summary = EXCLUDED.summary, source = EXCLUDED.source,
                digest_id = EXCLUDED.digest_id, line = EXCLUDED.line, related = EXCLUDED.related,
                ingested_at = EXCLUDED.ingested_at, enriched_at = EXCLUDED.enriched_at,
                taxonomy_version = EXCLUDED.taxonomy_version,
                previous_theme_mask = p.theme_mask, theme_mask = EXCLUDED.theme_mask,
                materialized_seq = nextval('paper_materialized_seq'), materialized_at = now()
            WHERE (p.ingested_at, p.enriched_at) < (EXCLUDED.ingested_at, EXCLUDED.enriched_at)
            RETURNING p.id, p.theme_mask, p.previous_theme_mask, p.materialized_seq
            """;

    private static final String DELETE_PAPER_THEMES = "DELETE FROM paper_theme WHERE paper_id = ANY(?::text[])";

    private static final String INSERT_PAPER_THEMES = """
            INSERT INTO paper_theme (paper_id, slug, score, matched, ingested_at)
            SELECT t.paper_id, t.slug, t.score, t.matched::jsonb, t.ingested_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::float8[], ?::text[], ?::text[])
                 AS t(paper_id, slug, score, matched, ingested_at)
            """;

    private static final String DELETE_PAPERS = "DELETE FROM paper WHERE id = ANY(?::text[]) RETURNING theme_mask";

    /** New papers and new versions wait here for the search indexer. */
    private static final String QUEUE_FOR_SEARCH = """
            INSERT INTO search_queue (paper_id) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING
            """;

    private static final String ADD_TO_COMBOS = """
            INSERT INTO theme_combo AS c (mask, papers)
            SELECT t.mask, t.delta FROM unnest(?::bigint[], ?::bigint[]) AS t(mask, delta) ORDER BY t.mask
            ON CONFLICT (mask) DO UPDATE SET papers = c.papers + EXCLUDED.papers
            """;

    private static final String DROP_EMPTY_COMBOS = "DELETE FROM theme_combo WHERE mask = ANY(?::bigint[]) AND papers <= 0";

    private static final String BUMP_VERSION = """
            UPDATE catalog_state SET version = version + 1, last_materialized_at = now() WHERE id = 1
            """;

    private static final String LOCK_THEME_BITS = "SELECT pg_advisory_xact_lock(?)";

    private static final String SELECT_THEME_BITS = "SELECT slug, bit FROM theme";

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
                    : ThemeBits.allocate(new HashSet<>(bits.values()), definition.position());
            int changed;
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_THEME_DEFINITION)) {
                statement.setString(1, definition.slug());
                statement.setString(2, definition.label() == null ? definition.slug() : definition.label());
                statement.setString(3, definition.description());
                statement.setInt(4, definition.position());
                statement.setObject(5, bit == null ? null : bit.shortValue(), java.sql.Types.SMALLINT);
                statement.setString(6, definition.taxonomyVersion());
                changed = statement.executeUpdate();
            }
            if (bit == null) {
                LOG.warnf("theme %s has no bit: all %d are taken; relatedPapers ignores it", definition.slug(),
                        ThemeBits.CAPACITY);
            }
            if (changed > 0) {
                bumpVersion(connection);
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
                bumpVersion(connection);
            }
            return changed > 0;
        });
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    private WriteResult write(Connection connection, List<PaperChange> changes) throws SQLException {
        List<PaperEnriched> upserts = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        for (PaperChange change : changes) {
            if (change instanceof PaperChange.Upsert upsert) {
                upserts.add(upsert.paper());
            } else {
                removals.add(change.paperId());
            }
        }
        Set<String> slugs = slugsOf(upserts);
        Map<String, Integer> bits = themeBits(connection);
        boolean themesAdded = false;
        if (!bits.keySet().containsAll(slugs)) {
            themesAdded = addThemes(connection, slugs);
            bits = themeBits(connection);
        }

        Map<Long, Long> comboDeltas = new TreeMap<>();
        List<MaterializedPaper> materialized = upsertPapers(connection, upserts, bits, comboDeltas);
        int removed = removePapers(connection, removals, comboDeltas);
        applyComboDeltas(connection, comboDeltas);
        if (themesAdded || !materialized.isEmpty() || removed > 0) {
            bumpVersion(connection);
        }
        return new WriteResult(materialized, upserts.size() - materialized.size(), removed);
    }

    private List<MaterializedPaper> upsertPapers(Connection connection, List<PaperEnriched> papers,
            Map<String, Integer> bits, Map<Long, Long> comboDeltas) throws SQLException {
        if (papers.isEmpty()) {
            return List.of();
        }
        int n = papers.size();
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
        Long[] masks = new Long[n];
        Map<String, PaperEnriched> byId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            PaperEnriched paper = papers.get(i);
            byId.put(paper.id(), paper);
            ids[i] = paper.id();
            titles[i] = paper.title();
            summaries[i] = paper.summary() == null ? "" : paper.summary();
            sources[i] = paper.source();
            digestIds[i] = paper.digestId();
            lines[i] = paper.line();
            related[i] = json(paper.related());
            ingestedAts[i] = paper.ingestedAt().toString();
            enrichedAts[i] = paper.enrichedAt().toString();
            taxonomyVersions[i] = paper.taxonomyVersion();
            masks[i] = maskOf(paper.themes(), bits);
        }
        List<MaterializedPaper> materialized = new ArrayList<>();
        List<String> replacedIds = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_PAPERS)) {
            setArrays(connection, statement, "text", ids, titles, summaries, sources, digestIds);
            statement.setArray(6, connection.createArrayOf("integer", lines));
            statement.setArray(7, connection.createArrayOf("text", related));
            statement.setArray(8, connection.createArrayOf("text", ingestedAts));
            statement.setArray(9, connection.createArrayOf("text", enrichedAts));
            statement.setArray(10, connection.createArrayOf("text", taxonomyVersions));
            statement.setArray(11, connection.createArrayOf("bigint", masks));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    long mask = rows.getLong(2);
                    long previousMask = rows.getLong(3);
                    boolean inserted = rows.wasNull();
                    long sequence = rows.getLong(4);
                    if (inserted) {
                        comboDeltas.merge(mask, 1L, Long::sum);
                    } else {
                        replacedIds.add(id);
                        if (previousMask != mask) {
                            comboDeltas.merge(previousMask, -1L, Long::sum);
                            comboDeltas.merge(mask, 1L, Long::sum);
                        }
                    }
                    materialized.add(new MaterializedPaper(byId.get(id), sequence, mask));
                }
            }
        }
        replacePaperThemes(connection, materialized, replacedIds);
        if (!materialized.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(QUEUE_FOR_SEARCH)) {
                statement.setArray(1, connection.createArrayOf("text",
                        materialized.stream().map(row -> row.paper().id()).toArray(String[]::new)));
                statement.executeUpdate();
            }
        }
        return materialized;
    }

    private void replacePaperThemes(Connection connection, List<MaterializedPaper> materialized,
            List<String> replacedIds) throws SQLException {
        if (!replacedIds.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(DELETE_PAPER_THEMES)) {
                statement.setArray(1, connection.createArrayOf("text", replacedIds.toArray(String[]::new)));
                statement.executeUpdate();
            }
        }
        List<String> paperIds = new ArrayList<>();
        List<String> slugs = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        List<String> ingestedAts = new ArrayList<>();
        for (MaterializedPaper row : materialized) {
            for (ThemeTag tag : row.paper().themes()) {
                paperIds.add(row.paper().id());
                slugs.add(tag.slug());
                scores.add(tag.score());
                matched.add(json(tag.matched()));
                ingestedAts.add(row.paper().ingestedAt().toString());
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

    private int removePapers(Connection connection, List<String> ids, Map<Long, Long> comboDeltas)
            throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        int removed = 0;
        try (PreparedStatement statement = connection.prepareStatement(DELETE_PAPER_THEMES)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(DELETE_PAPERS)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    comboDeltas.merge(rows.getLong(1), -1L, Long::sum);
                    removed++;
                }
            }
        }
        return removed;
    }

    private void applyComboDeltas(Connection connection, Map<Long, Long> deltas) throws SQLException {
        deltas.values().removeIf(delta -> delta == 0);
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(ADD_TO_COMBOS)) {
            statement.setArray(1, connection.createArrayOf("bigint", deltas.keySet().toArray(Long[]::new)));
            statement.setArray(2, connection.createArrayOf("bigint", deltas.values().toArray(Long[]::new)));
            statement.executeUpdate();
        }
        Long[] shrunk = deltas.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey)
                .toArray(Long[]::new);
        if (shrunk.length > 0) {
            try (PreparedStatement statement = connection.prepareStatement(DROP_EMPTY_COMBOS)) {
                statement.setArray(1, connection.createArrayOf("bigint", shrunk));
                statement.executeUpdate();
            }
        }
    }

    /** Gives every slug not seen before a theme row (undefined, label = slug) and a bit; true if any was new. */
    private boolean addThemes(Connection connection, Set<String> slugs) throws SQLException {
        // under the lock, so that two writers never hand out the same bit
        lockThemeBits(connection);
        Map<String, Integer> bits = themeBits(connection);
        Set<Integer> taken = new HashSet<>(bits.values());
        boolean added = false;
        for (String slug : new TreeSet<>(slugs)) {
            if (bits.containsKey(slug)) {
                continue;
            }
            Integer bit = ThemeBits.allocate(taken, null);
            if (bit == null) {
                LOG.warnf("theme %s has no bit: all %d are taken; relatedPapers ignores it", slug, ThemeBits.CAPACITY);
            } else {
                taken.add(bit);
            }
            try (PreparedStatement statement = connection.prepareStatement(INSERT_UNDEFINED_THEME)) {
                statement.setString(1, slug);
                statement.setString(2, slug);
                statement.setObject(3, bit == null ? null : bit.shortValue(), java.sql.Types.SMALLINT);
                added |= statement.executeUpdate() > 0;
            }
        }
        return added;
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
                short bit = rows.getShort(2);
                bits.put(rows.getString(1), rows.wasNull() ? null : (int) bit);
            }
        }
        return bits;
    }

    private static void bumpVersion(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BUMP_VERSION)) {
            statement.executeUpdate();
        }
    }

    private static long maskOf(Collection<ThemeTag> themes, Map<String, Integer> bits) {
        long mask = 0;
        for (ThemeTag tag : themes) {
            Integer bit = bits.get(tag.slug());
            if (bit != null) {
                mask |= 1L << bit;
            }
        }
        return mask;
    }

    private static Set<String> slugsOf(List<PaperEnriched> papers) {
        Set<String> slugs = new HashSet<>();
        papers.forEach(paper -> paper.themes().forEach(tag -> slugs.add(tag.slug())));
        return slugs;
    }

    private static void setArrays(Connection connection, PreparedStatement statement, String type,
            String[]... columns) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            statement.setArray(i + 1, connection.createArrayOf(type, columns[i]));
        }
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(Objects.requireNonNullElse(value, Map.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON of " + value, e);
        }
    }
}
