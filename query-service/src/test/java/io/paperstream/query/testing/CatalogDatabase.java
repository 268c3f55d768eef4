package io.paperstream.query.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

/** Direct looks at the catalog tables, for what the API does not show. */
public final class CatalogDatabase {

    private CatalogDatabase() {
    }

    /**
     * Empties the paper tables (themes stay: their bits must stay stable), and moves the catalog version so
     * cached snapshots are dropped. Call only while nothing is being materialized.
     */
    public static void emptyPapers(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE paper, paper_theme, paper_search, search_queue, theme_combo, theme_combo_source, term_df");
            statement.execute("UPDATE term_df_state SET papers = 0, counted_at = NULL");
            statement.execute("""
                    INSERT INTO catalog_version AS v (shard, version) VALUES (-1, 1)
                    ON CONFLICT (shard) DO UPDATE SET version = v.version + 1
                    """);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the catalog version, so that cached snapshots are dropped after a write made here. */
    public static void bumpVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO catalog_version AS v (shard, version) VALUES (-1, 1)
                    ON CONFLICT (shard) DO UPDATE SET version = v.version + 1
                    """);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** theme_combo as stored: mask (hex) to papers, summed over its shards (masks with papers > 0). */
    public static Map<String, Long> storedCombos(DataSource dataSource) {
        return masks(dataSource, "SELECT encode(mask, 'hex'), sum(papers) FROM theme_combo GROUP BY mask "
                + "HAVING sum(papers) > 0");
    }

    /** theme_combo as it should be: the papers counted by their mask (hex). */
    public static Map<String, Long> countedCombos(DataSource dataSource) {
        return masks(dataSource, "SELECT encode(theme_mask, 'hex'), count(*) FROM paper GROUP BY theme_mask");
    }

    /**
     * relatedPapers of the papers of one source, counted the slow way: distinct other papers sharing a
     * paper_theme slug.
     */
    public static Map<String, Long> relatedByJoin(DataSource dataSource, String source) {
        Map<String, Long> related = new HashMap<>();
        String sql = """
                SELECT p.id, count(DISTINCT o.paper_id) FROM paper p
                LEFT JOIN paper_theme pt ON pt.paper_id = p.id
                LEFT JOIN paper_theme o ON o.slug = pt.slug AND o.paper_id <> p.id
                WHERE p.source = ?
                GROUP BY p.id
                """;
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement(sql)) {
            statement.setString(1, source);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    related.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return related;
    }

    public static long sequenceOf(DataSource dataSource, String paperId) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT materialized_seq FROM paper WHERE id = ?")) {
            statement.setString(1, paperId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> masks(DataSource dataSource, String sql) {
        Map<String, Long> masks = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                masks.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return masks;
    }
}
