package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A listing's best plan depends on its values (a search word matching 20 papers or 20,000): PostgreSQL must plan each
 * execution with them. A statement the driver prepares on the server (its sixth execution on a connection) may get a
 * generic plan chosen blind to them, and keeps it: the newest-first search for a common word then ranks and joins
 * every match (~100 ms on 37k papers) instead of walking the recency index (~1 ms). What is prepared on the server
 * shows in the session's pg_prepared_statements.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ListingPlanTest {

    /** Well past pgjdbc's prepareThreshold (5) and PostgreSQL's five custom plans before a generic one. */
    private static final int EXECUTIONS = 12;
    private static final ThemeCombos COMBOS = new ThemeCombos(Map.of(ThemeMask.of(0), 1L));

    @Inject
    DataSource dataSource;

    @Test
    void listingStatementsAreNeverPreparedOnTheServer() throws SQLException {
        PaperQuery search = new PaperQuery(List.of(), ThemeFilterMode.ALL, "protein", 0, null, null, null, PaperSort.RECENT,
                20, null);
        PaperQuery byTheme = new PaperQuery(List.of("reasoning"), ThemeFilterMode.ALL, null, 0, null, null, null,
                PaperSort.RECENT, 20, null);
        SqlStatement lookup = new SqlStatement("SELECT count(*) FROM paper WHERE id = ?", List.of("none"));
        PaperQuery byRelevance = new PaperQuery(List.of(), ThemeFilterMode.ALL, "protein", 0, null, null, null,
                PaperSort.RELEVANCE, 20, null);
        List<SqlStatement> listings = List.of(PaperQueryBuilder.page(search, COMBOS),
                PaperQueryBuilder.count(search, COMBOS, 1_001), PaperQueryBuilder.page(byTheme, COMBOS),
                PaperQueryBuilder.textMatches("protein", 5_001), PaperQueryBuilder.matchesFirstPage(search, COMBOS),
                PaperQueryBuilder.matchesFirstCount(search, COMBOS, 1_001),
                PaperQueryBuilder.newestMatchesRankedPage(byRelevance, COMBOS, 100));
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < EXECUTIONS; i++) {
                for (SqlStatement listing : listings) {
                    execute(connection, listing);
                }
                execute(connection, lookup);
            }
            for (SqlStatement listing : listings) {
                assertThat(preparedOnServer(connection, listing)).as(listing.sql()).isZero();
            }
            // the same connection does prepare a value-independent statement: the view shows what the driver did
            assertThat(preparedOnServer(connection, lookup)).isEqualTo(1);
        }
    }

    private static void execute(Connection connection, SqlStatement sql) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                // read to the end, as the reader does
            }
        }
    }

    /** Named statements of this session with the text the driver sends for {@code sql} (? becomes $1, $2...). */
    private static long preparedOnServer(Connection connection, SqlStatement sql) throws SQLException {
        StringBuilder serverText = new StringBuilder();
        int parameter = 0;
        for (char c : sql.sql().toCharArray()) {
            serverText.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql AND statement = ?")) {
            statement.setString(1, serverText.toString());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
