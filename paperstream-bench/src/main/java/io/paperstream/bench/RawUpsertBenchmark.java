package io.paperstream.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The database's raw limit: the run's papers upserted as catalog rows by plain JDBC batches
 * ({@code INSERT ... ON CONFLICT DO UPDATE}, rewritten into multi-row inserts by the driver), one transaction per
 * batch, into a scratch table shaped like query's {@code paper} table (same columns, the generated full-text
 * column and the same indexes, so each row costs the same index work). The table is dropped afterwards.
 */
public final class RawUpsertBenchmark {

    static final String TABLE = "bench_raw_upsert";

    /** query's paper table (V1__catalog.sql), with an identity instead of the catalog's sequence. */
    private static final List<String> CREATE = List.of("""
            CREATE TABLE bench_raw_upsert (
                id                  text        PRIMARY KEY,
                title               text        NOT NULL,
                summary             text        NOT NULL,
                source              text,
                digest_id           text,
                line                integer     NOT NULL,
                related             jsonb       NOT NULL DEFAULT '{}',
                ingested_at         timestamptz NOT NULL,
                enriched_at         timestamptz NOT NULL,
                taxonomy_version    text,
                theme_mask          bigint      NOT NULL,
                previous_theme_mask bigint,
                materialized_seq    bigint      GENERATED ALWAYS AS IDENTITY,
                materialized_at     timestamptz NOT NULL DEFAULT now(),
                search              tsvector GENERATED ALWAYS AS (
                                        setweight(to_tsvector('english', title), 'A')
                                        || setweight(to_tsvector('english', summary), 'B')) STORED
            )""",
            "CREATE INDEX bench_raw_upsert_recent_idx ON bench_raw_upsert (ingested_at DESC, id DESC)",
            "CREATE INDEX bench_raw_upsert_title_idx ON bench_raw_upsert (title, id)",
            "CREATE INDEX bench_raw_upsert_source_idx ON bench_raw_upsert (source, ingested_at DESC, id DESC)",
            "CREATE INDEX bench_raw_upsert_mask_idx ON bench_raw_upsert (theme_mask, ingested_at DESC, id DESC)",
            "CREATE INDEX bench_raw_upsert_search_idx ON bench_raw_upsert USING gin (search)",
            "CREATE UNIQUE INDEX bench_raw_upsert_seq_idx ON bench_raw_upsert (materialized_seq)");

    private static final String UPSERT = """
            INSERT INTO bench_raw_upsert (id, title, summary, source, digest_id, line, related, ingested_at,
                                          enriched_at, taxonomy_version, theme_mask)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, summary = EXCLUDED.summary,
                source = EXCLUDED.source, digest_id = EXCLUDED.digest_id, line = EXCLUDED.line,
                related = EXCLUDED.related, ingested_at = EXCLUDED.ingested_at, enriched_at = EXCLUDED.enriched_at,
                taxonomy_version = EXCLUDED.taxonomy_version, previous_theme_mask = bench_raw_upsert.theme_mask,
                theme_mask = EXCLUDED.theme_mask, materialized_at = now()""";

    private static final String SOURCE = "bench";
    private static final String TAXONOMY_VERSION = "bench";
    private static final String NO_RELATED = "{}";
    /** A paper of one or two themes, as most are. */
    private static final long[] THEME_MASKS = {1L, 2L, 5L, 8L, 16L, 33L};

    /**
     * @param rowsPerSecond rows upserted per second
     * @param rewritten     whether the driver sent multi-row inserts (it then reports each row as SUCCESS_NO_INFO)
     */
    public record Result(double rowsPerSecond, boolean rewritten) {
    }

    private final BenchOptions options;
    private final String user;
    private final String password;

    public RawUpsertBenchmark(BenchOptions options, String user, String password) {
        this.options = options;
        this.user = user;
        this.password = password;
    }

    public Result run(List<BenchPaper> papers) throws SQLException {
        try (Connection connection = DriverManager.getConnection(options.jdbcUrl(), connectionProperties())) {
            execute(connection, "DROP TABLE IF EXISTS " + TABLE);
            for (String ddl : CREATE) {
                execute(connection, ddl);
            }
            try {
                connection.setAutoCommit(false);
                long start = System.nanoTime();
                boolean rewritten = upsert(connection, papers);
                long elapsed = System.nanoTime() - start;
                return new Result(papers.size() / (elapsed / 1e9), rewritten);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                execute(connection, "DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    /** Also the database's version string, for the machine description. */
    public String databaseVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(options.jdbcUrl(), connectionProperties());
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("select version()")) {
            return result.next() ? result.getString(1) : "unknown";
        }
    }

    /** Whether every batch was rewritten into multi-row inserts. */
    private boolean upsert(Connection connection, List<BenchPaper> papers) throws SQLException {
        String digestId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean rewritten = true;
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            int inBatch = 0;
            for (int i = 0; i < papers.size(); i++) {
                BenchPaper paper = papers.get(i);
                statement.setString(1, paper.id());
                statement.setString(2, paper.title());
                statement.setString(3, paper.summary());
                statement.setString(4, SOURCE);
                statement.setString(5, digestId);
                statement.setInt(6, 3 * i + 1);
                statement.setString(7, NO_RELATED);
                statement.setObject(8, now);
                statement.setObject(9, now);
                statement.setString(10, TAXONOMY_VERSION);
                statement.setLong(11, THEME_MASKS[i % THEME_MASKS.length]);
                statement.addBatch();
                if (++inBatch == options.upsertBatch()) {
                    rewritten &= allNoInfo(statement.executeBatch());
                    connection.commit();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                rewritten &= allNoInfo(statement.executeBatch());
                connection.commit();
            }
        }
        return rewritten;
    }

    private static boolean allNoInfo(int[] counts) {
        return Arrays.stream(counts).allMatch(count -> count == Statement.SUCCESS_NO_INFO);
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // one multi-row INSERT per batch instead of a round trip per row
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
