package io.paperstream.query.catalog.write;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.paperstream.query.catalog.read.PaperQueryBuilder;


/**
 * Computes the full-text vectors of the papers in {@code search_queue} (new papers and new versions), a chunk per
 * transaction, into {@code paper_search}. Kept out of the materializer's transaction because PostgreSQL's text
 * parser is by far the most expensive part of storing a paper.
 */
@ApplicationScoped
public class SearchIndex {

    private static final Logger LOG = Logger.getLogger(SearchIndex.class);

    private static final String CONFIG = "'" + PaperQueryBuilder.TEXT_SEARCH_CONFIG + "'";
    /** The vector of a paper: title (weight A) and summary (weight B). */
    public static final String VECTOR = "setweight(to_tsvector(" + CONFIG + ", p.title), 'A')"
            + " || setweight(to_tsvector(" + CONFIG + ", p.summary), 'B')";
    /** The recency bucket of a paper's vector (V6): written with the vector, from the same paper row. */
    public static final String BUCKET = "paper_search_bucket(p.ingested_at)";

    /**
     * Takes a chunk off the queue and stores the vectors of those papers that exist, dropping those of papers
     * that are gone (tombstones).
     * <p>
     * Locks, against the batch writer (see {@link CatalogWriter}): queue entries another transaction holds are
     * skipped, never waited for; paper rows are only read (paper_search has no foreign key, whose check would lock
     * them); paper_search rows are the indexer's alone, written in paper_id order. So the indexer never waits for
     * a writer, and a writer can at most wait for the indexer's queue entries: no cycle.
     */
    private static final String INDEX_CHUNK = """
            WITH taken AS (
                DELETE FROM search_queue WHERE paper_id IN (
                    SELECT paper_id FROM search_queue ORDER BY paper_id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING paper_id),
            indexed AS (
                INSERT INTO paper_search AS s (paper_id, recency_bucket, search)
                SELECT p.id, %s, %s FROM paper p JOIN taken t ON t.paper_id = p.id ORDER BY p.id
                ON CONFLICT (paper_id) DO UPDATE SET recency_bucket = EXCLUDED.recency_bucket, search = EXCLUDED.search
                RETURNING 1),
            dropped AS (
                DELETE FROM paper_search s USING taken t
                WHERE s.paper_id = t.paper_id AND NOT EXISTS (SELECT 1 FROM paper p WHERE p.id = t.paper_id)
                RETURNING 1)
            SELECT (SELECT count(*) FROM taken), (SELECT count(*) FROM indexed), (SELECT count(*) FROM dropped)
            """.formatted(BUCKET, VECTOR);

    private static final String TAKE_IDS = """
            DELETE FROM search_queue WHERE paper_id IN (
                SELECT paper_id FROM search_queue ORDER BY paper_id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING paper_id
            """;

    private static final String DROP_ONE = """
            DELETE FROM paper_search s WHERE s.paper_id = ? AND NOT EXISTS (SELECT 1 FROM paper p WHERE p.id = s.paper_id)
            """;

    private static final String INDEX_ONE = """
            INSERT INTO paper_search AS s (paper_id, recency_bucket, search)
            SELECT p.id, %s, %s FROM paper p WHERE p.id = ?
            ON CONFLICT (paper_id) DO UPDATE SET recency_bucket = EXCLUDED.recency_bucket, search = EXCLUDED.search
            """.formatted(BUCKET, VECTOR);

    /** A paper whose text PostgreSQL cannot index (e.g. beyond tsvector's 1 MB) gets an empty vector. */
    private static final String INDEX_AS_EMPTY = """
            INSERT INTO paper_search (paper_id, recency_bucket, search) SELECT p.id, %s, ''::tsvector FROM paper p
            WHERE p.id = ?
            ON CONFLICT (paper_id) DO UPDATE SET recency_bucket = EXCLUDED.recency_bucket, search = EXCLUDED.search
            """.formatted(BUCKET);

    private static final String COUNT_PENDING = "SELECT count(*) FROM search_queue";

    /** How long the oldest queued paper has waited (V5's queued_at), in ms; 0 when none waits. */
    private static final String OLDEST_PENDING_MILLIS = """
            SELECT coalesce(floor(extract(epoch FROM clock_timestamp() - min(queued_at)) * 1000), 0)::bigint
            FROM search_queue
            """;

    /**
     * Fresh planner statistics: without them PostgreSQL guesses that any word is rare and plans a common word's
     * search as a sort of every match instead of a walk down the recency index.
     */
    private static final String ANALYZE = "ANALYZE paper, paper_theme, paper_search";

    @Inject
    EntityManager entityManager;

    /** Indexes up to {@code limit} queued papers; returns how many queue entries it took. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexPending(int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INDEX_CHUNK)) {
                statement.setInt(1, limit);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    /**
     * Indexes up to {@code limit} queued papers one statement each, giving an empty vector to those PostgreSQL
     * refuses: the way past a paper that makes {@link #indexPending(int)} fail.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexPendingOneByOne(int limit) {
        return session().doReturningWork(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(TAKE_IDS)) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            for (String id : ids) {
                execute(connection, DROP_ONE, id);
                execute(connection, "SAVEPOINT one_paper", null);
                try {
                    execute(connection, INDEX_ONE, id);
                } catch (SQLException e) {
                    if (!refusedText(e)) {
                        // the database, not the paper (a lost connection, a lock): the chunk is retried whole
                        throw e;
                    }
                    LOG.warnf("paper %s cannot be indexed for search (%s); text search will not find it", id,
                            e.getMessage());
                    execute(connection, "ROLLBACK TO SAVEPOINT one_paper", null);
                    execute(connection, INDEX_AS_EMPTY, id);
                }
            }
            return ids.size();
        });
    }

    /** Refreshes the planner statistics of the catalog tables (a sample: about a second for 100,000 papers). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void analyze() {
        session().doWork(connection -> execute(connection, ANALYZE, null));
    }

    /** Papers whose vector is missing or stale: text search does not find them (as they are) yet. */
    @Transactional
    public long pending() {
        return session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_PENDING);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /**
     * How long the oldest paper that text search does not find yet (as it is) has waited, in ms; 0 when search is
     * as fresh as the list (the writer indexes in the batch's transaction, V5).
     */
    @Transactional
    public long lagMillis() {
        return session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(OLDEST_PENDING_MILLIS);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return Math.max(0, row.getLong(1));
            }
        });
    }

    private static void execute(java.sql.Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (id != null) {
                statement.setString(1, id);
            }
            statement.execute();
        }
    }

    /**
     * PostgreSQL refused the paper's text itself: 22 data exception, 54 program limit exceeded (a tsvector beyond
     * 1 MB). Only then does an empty vector stand in for it.
     */
    private static boolean refusedText(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }
}
