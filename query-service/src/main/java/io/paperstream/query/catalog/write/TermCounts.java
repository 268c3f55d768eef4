package io.paperstream.query.catalog.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.paperstream.query.config.QueryConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The document frequencies of the full-text lexemes ({@code term_df}, V4), recounted as a whole from
 * {@code paper_search}. Neither the batch writers nor the search indexer touch them: a count kept per write would
 * update the rows of common words ("model", "learn") in every transaction, the hot rows that serialize parallel
 * writers (issue 10). Only the recount writes them, one instance at a time (advisory lock; the others skip).
 */
@ApplicationScoped
public class TermCounts {

    /** Transaction-scoped advisory lock of the recount ("termdf"). */
    private static final long RECOUNT_LOCK = 0x7465726d6466L;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(?)";

    /** Indexed papers now, the papers of the last count, and whether that count is older than the given age. */
    private static final String STATE = """
            SELECT (SELECT count(*) FROM paper_search), papers, counted_at IS NULL OR counted_at < now() - ?::interval
            FROM term_df_state WHERE id = 1
            """;

    /**
     * One pass of ts_stat over every vector; only rows whose count changed are written (a recount of a catalog that
     * barely moved rewrites few rows), and terms no paper holds any more are deleted.
     */
    private static final String RECOUNT = """
            WITH fresh AS MATERIALIZED (SELECT word, ndoc FROM ts_stat('SELECT search FROM paper_search')),
            gone AS (DELETE FROM term_df d WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.word = d.term) RETURNING 1)
            INSERT INTO term_df AS d (term, docs) SELECT word, ndoc FROM fresh
            ON CONFLICT (term) DO UPDATE SET docs = EXCLUDED.docs WHERE d.docs <> EXCLUDED.docs
            """;

    private static final String COUNTED = "UPDATE term_df_state SET papers = ?, counted_at = now() WHERE id = 1";

    @Inject
    EntityManager entityManager;

    @Inject
    QueryConfig config;

    /**
     * Recounts when the number of indexed papers moved by more than {@code growth} of the last count's (0: any
     * change), or the last count is older than {@code maxAge}; returns whether it recounted (false too when another
     * instance is recounting). In a transaction of its own with {@code similar.df-recount-timeout}, not the default
     * timeout: one recount reads every vector.
     */
    public boolean recountIfStale(Duration maxAge, double growth) {
        int timeoutSeconds = Math.toIntExact(config.similar().dfRecountTimeout().toSeconds());
        return QuarkusTransaction.requiringNew().timeout(timeoutSeconds)
                .call(() -> recountIfStaleInTransaction(maxAge, growth));
    }

    /**
     * Whether the count is stale: never made, older than the maximum age, or the indexed papers moved by more than
     * {@code growth} of the counted ones (any move when none were counted).
     */
    static boolean stale(long indexed, long counted, boolean older, double growth) {
        return older || Math.abs(indexed - counted) > growth * counted || (counted == 0 && indexed != 0);
    }

    private boolean recountIfStaleInTransaction(Duration maxAge, double growth) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            if (!tryLock(connection)) {
                return false;
            }
            long indexed;
            try (PreparedStatement statement = connection.prepareStatement(STATE)) {
                statement.setString(1, maxAge.toSeconds() + " seconds");
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    indexed = row.getLong(1);
                    if (!stale(indexed, row.getLong(2), row.getBoolean(3), growth)) {
                        return false;
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(RECOUNT)) {
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(COUNTED)) {
                statement.setLong(1, indexed);
                statement.executeUpdate();
            }
            return true;
        });
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
            statement.setLong(1, RECOUNT_LOCK);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
