package io.paperstream.query.catalog;

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

import io.paperstream.query.catalog.query.PaperQueryBuilder;

/**
 * Computes the full-text vectors of papers that do not have one yet ({@code paper.search IS NULL}: new papers and
 * new versions), a chunk per transaction. Kept out of the materializer's transaction because PostgreSQL's text
 * parser is the most expensive part of storing a paper by far.
 */
@ApplicationScoped
public class SearchIndex {

    private static final Logger LOG = Logger.getLogger(SearchIndex.class);

    static final String VECTOR = "setweight(to_tsvector('" + PaperQueryBuilder.TEXT_SEARCH_CONFIG + "', p.title), 'A')"
            + " || setweight(to_tsvector('" + PaperQueryBuilder.TEXT_SEARCH_CONFIG + "', p.summary), 'B')";

    /** Oldest first; rows the materializer is writing right now are skipped, not waited for. */
    private static final String INDEX_CHUNK = "UPDATE paper AS p SET search = " + VECTOR + """
             WHERE p.id IN (SELECT id FROM paper WHERE search IS NULL ORDER BY materialized_seq LIMIT ?
                           FOR UPDATE SKIP LOCKED)
              AND p.search IS NULL
            """;

    private static final String PENDING_IDS = """
            SELECT id FROM paper WHERE search IS NULL ORDER BY materialized_seq LIMIT ? FOR UPDATE SKIP LOCKED
            """;

    private static final String INDEX_ONE = "UPDATE paper AS p SET search = " + VECTOR
            + " WHERE p.id = ? AND p.search IS NULL";

    /** A paper whose text PostgreSQL cannot index (e.g. over tsvector's 1 MB) gets an empty vector. */
    private static final String INDEX_AS_EMPTY = "UPDATE paper SET search = ''::tsvector WHERE id = ? AND search IS NULL";

    private static final String COUNT_PENDING = "SELECT count(*) FROM paper WHERE search IS NULL";

    @Inject
    EntityManager entityManager;

    /** Indexes up to {@code limit} papers; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexPending(int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INDEX_CHUNK)) {
                statement.setInt(1, limit);
                return statement.executeUpdate();
            }
        });
    }

    /**
     * Indexes up to {@code limit} papers one statement each, giving an empty vector to those PostgreSQL refuses:
     * the way past a paper that makes {@link #indexPending(int)} fail.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexPendingOneByOne(int limit) {
        return session().doReturningWork(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(PENDING_IDS)) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            for (String id : ids) {
                try (PreparedStatement savepoint = connection.prepareStatement("SAVEPOINT one_paper")) {
                    savepoint.execute();
                }
                try (PreparedStatement statement = connection.prepareStatement(INDEX_ONE)) {
                    statement.setString(1, id);
                    statement.executeUpdate();
                } catch (SQLException e) {
                    LOG.warnf("paper %s cannot be indexed for search (%s); it stays out of text search", id,
                            e.getMessage());
                    try (PreparedStatement rollback = connection.prepareStatement("ROLLBACK TO SAVEPOINT one_paper");
                            PreparedStatement empty = connection.prepareStatement(INDEX_AS_EMPTY)) {
                        rollback.execute();
                        empty.setString(1, id);
                        empty.executeUpdate();
                    }
                }
            }
            return ids.size();
        });
    }

    /** Papers not searchable yet. */
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

    private Session session() {
        return entityManager.unwrap(Session.class);
    }
}
