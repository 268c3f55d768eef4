package io.paperstream.query.catalog.read;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.catalog.entity.ThemeEntity;

/**
 * The current {@link CatalogSnapshot}, reloaded only when the catalog version has moved: a read costs one look at
 * the few {@code catalog_version} rows (one per shard) while the catalog is unchanged, and is never older than the
 * last committed batch. The version is the sum over shards: every change adds 1 to one of them, so the sum moves
 * with any change, and no row is bumped by every writer.
 */
@ApplicationScoped
public class CatalogSnapshots {

    private static final String SELECT_STATE = """
            SELECT coalesce(sum(version), 0), max(last_materialized_at) FROM catalog_version
            """;
    private static final String SELECT_COMBOS = """
            SELECT mask, sum(papers) FROM theme_combo GROUP BY mask HAVING sum(papers) > 0
            """;

    @Inject
    EntityManager entityManager;

    private volatile CatalogSnapshot cached;

    /** Must be called inside a transaction. */
    public CatalogSnapshot current() {
        Session session = entityManager.unwrap(Session.class);
        State state = session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_STATE);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                OffsetDateTime last = row.getObject(2, OffsetDateTime.class);
                return new State(row.getLong(1), last == null ? null : last.toInstant());
            }
        });
        CatalogSnapshot snapshot = cached;
        if (snapshot != null && snapshot.version() == state.version()) {
            return snapshot;
        }
        Map<String, CatalogTheme> themes = new LinkedHashMap<>();
        List<ThemeEntity> rows = ThemeEntity.list("order by position nulls last, slug");
        rows.forEach(theme -> themes.put(theme.slug, CatalogTheme.of(theme)));
        Map<ThemeMask, Long> combos = session.doReturningWork(connection -> {
            Map<ThemeMask, Long> papersByMask = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(SELECT_COMBOS);
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    papersByMask.put(ThemeMask.fromBytes(row.getBytes(1)), row.getLong(2));
                }
            }
            return papersByMask;
        });
        snapshot = new CatalogSnapshot(state.version(), state.lastMaterializedAt(),
                Collections.unmodifiableMap(themes),
                new ThemeCombos(combos, snapshot == null ? null : snapshot.combos()));
        cached = snapshot;
        return snapshot;
    }

    private record State(long version, Instant lastMaterializedAt) {
    }
}
