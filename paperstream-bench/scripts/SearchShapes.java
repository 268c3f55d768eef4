import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paperstream.bench.Percentiles;
import io.paperstream.bench.ProcessCpu;
import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.read.PageCursor;
import io.paperstream.query.catalog.read.PaperQuery;
import io.paperstream.query.catalog.read.PaperSort;
import io.paperstream.query.catalog.read.SearchPages;
import io.paperstream.query.catalog.read.SqlStatement;
import io.paperstream.query.catalog.read.ThemeFilterMode;

/**
 * The statements query-service's CatalogReader sends for a search listing, run against a catalog by the reader's own
 * plan code ({@link SearchPages}: plan choice, bucket windows, total), then the page its cursor leads to: EXPLAIN
 * (ANALYZE, BUFFERS) of each statement with the buffers of each request added up, or the wall time of each request's
 * statements and the PostgreSQL backend's CPU time for them (p50/p95 over the runs). The settings are passed on the
 * command line (the shipped ones: see query-service's application.properties; without COUNT_BELOW_ESTIMATE every
 * word below COMMON_SHARE is counted, as before V11). Usage (a single-file program):
 * <pre>
 * java -cp query-service/target/classes:paperstream-bench/target/classes:postgresql.jar paperstream-bench/scripts/SearchShapes.java \
 *     jdbc:postgresql://127.0.0.1:PORT/paperstream explain|time RUNS THEME \
 *     FEW,CANDIDATES,COMMON_SHARE,COUNT_LIMIT[,COUNT_BELOW_ESTIMATE] WORD...
 * </pre>
 */
public class SearchShapes {

    static final int LIMIT = 20;
    static final ThemeCombos NO_COMBOS = new ThemeCombos(Map.of());
    static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");
    static SearchPages.Settings settings;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean explain = args[1].equals("explain");
        int runs = Integer.parseInt(args[2]);
        String theme = args[3];
        String[] values = args[4].split(",");
        settings = new SearchPages.Settings(Integer.parseInt(values[0]), Integer.parseInt(values[1]),
                Double.parseDouble(values[2]), Integer.parseInt(values[3]),
                values.length > 4 ? Long.parseLong(values[4]) : Long.MAX_VALUE);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            connection.setAutoCommit(false);
            for (int w = 5; w < args.length; w++) {
                for (List<String> themes : List.of(List.<String>of(), List.of(theme))) {
                    for (PaperSort sort : List.of(PaperSort.RECENT, PaperSort.RELEVANCE)) {
                        PaperQuery query = new PaperQuery(themes, ThemeFilterMode.ALL, args[w], 0, null, null, null,
                                sort, LIMIT, null);
                        String name = "q=" + args[w] + (themes.isEmpty() ? "" : "&theme=" + theme)
                                + (sort == PaperSort.RELEVANCE ? "&sort=relevance" : "");
                        if (explain) {
                            explainShape(connection, name, query);
                        } else {
                            timeShape(connection, name, query, runs);
                        }
                    }
                }
            }
        }
    }

    /** Runs the reader's statements on the connection; when explaining, EXPLAIN (ANALYZE, BUFFERS) each first. */
    static final class Jdbc implements SearchPages.Statements {

        final Connection connection;
        final boolean explain;
        final List<Long> buffers = new ArrayList<>();
        /** Statements (queries and SETs) sent: each one a round trip to the backend. */
        int statements;

        Jdbc(Connection connection, boolean explain) {
            this.connection = connection;
            this.explain = explain;
        }

        @Override
        public <T> List<T> query(SqlStatement sql, SearchPages.RowMapper<T> mapper) throws SQLException {
            statements++;
            if (explain && !sql.sql().startsWith("EXPLAIN")) {
                buffers.add(SearchShapes.explain(connection, sql));
            }
            return SearchPages.on(connection).query(sql, mapper);
        }

        @Override
        public void execute(String sql) throws SQLException {
            statements++;
            SearchPages.on(connection).execute(sql);
        }
    }

    /** One request as the reader makes it (one transaction); the cursor of the next page, or null. */
    static PageCursor request(Jdbc db, PaperQuery query) throws SQLException {
        try {
            SearchPages.Page page = SearchPages.page(query, NO_COMBOS, settings, db);
            plan = page.plan().name() + " total " + page.total() + (page.totalExact() ? "" : "+");
            if (page.rows().size() <= query.limit()) {
                return null;
            }
            SearchPages.Row last = page.rows().get(query.limit() - 1);
            return query.sort() == PaperSort.RECENT
                    ? PageCursor.recent(query.filterFingerprint(), last.id(), last.ingestedAt())
                    : PageCursor.relevance(query.filterFingerprint(), last.id(), last.rank(), last.window());
        } finally {
            db.connection.commit();
        }
    }

    static String plan;

    static PaperQuery after(PaperQuery query, PageCursor cursor) {
        return new PaperQuery(query.themes(), query.themeMatch(), query.text(), query.minRelated(), query.source(),
                query.ingestedAfter(), query.ingestedBefore(), query.sort(), query.limit(), cursor);
    }

    static void explainShape(Connection connection, String name, PaperQuery query) throws SQLException {
        System.out.println("## " + name);
        Jdbc first = new Jdbc(connection, true);
        PageCursor next = request(first, query);
        System.out.println("### page 1: " + plan + ", " + first.statements + " statements, buffers per statement "
                + first.buffers + " = "
                + first.buffers.stream().mapToLong(Long::longValue).sum());
        if (next != null) {
            Jdbc second = new Jdbc(connection, true);
            request(second, after(query, next));
            System.out.println("### page 2 (cursor): " + plan + ", " + second.statements
                    + " statements, buffers per statement " + second.buffers + " = "
                    + second.buffers.stream().mapToLong(Long::longValue).sum());
        }
    }

    static void timeShape(Connection connection, String name, PaperQuery query, int runs) throws SQLException {
        List<Double> firstPages = new ArrayList<>();
        List<Double> firstCpu = new ArrayList<>();
        List<Double> nextPages = new ArrayList<>();
        List<Double> nextCpu = new ArrayList<>();
        String firstPlan = null;
        int firstStatements = 0;
        int nextStatements = 0;
        long backend = single(connection, new SqlStatement("SELECT pg_backend_pid()", List.of()));
        connection.commit();
        Jdbc db = new Jdbc(connection, false);
        for (int i = 0; i < runs; i++) {
            long cpu = ProcessCpu.runningNanos(backend);
            long start = System.nanoTime();
            db.statements = 0;
            PageCursor next = request(db, query);
            firstStatements = db.statements;
            firstPages.add((System.nanoTime() - start) / 1e6);
            firstCpu.add((ProcessCpu.runningNanos(backend) - cpu) / 1e6);
            firstPlan = plan;
            if (next != null) {
                cpu = ProcessCpu.runningNanos(backend);
                start = System.nanoTime();
                db.statements = 0;
                request(db, after(query, next));
                nextStatements = db.statements;
                nextPages.add((System.nanoTime() - start) / 1e6);
                nextCpu.add((ProcessCpu.runningNanos(backend) - cpu) / 1e6);
            }
        }
        System.out.printf("%-52s %-30s page 1: %2d statements, wall p50 %7.1f p95 %7.1f, PostgreSQL CPU p50 %6.1f"
                + " p95 %6.1f ms | page 2: %2d statements, wall p95 %7.1f, CPU p95 %6.1f ms%n", name, firstPlan,
                firstStatements, percentile(firstPages, 50), percentile(firstPages, 95), percentile(firstCpu, 50),
                percentile(firstCpu, 95), nextStatements, percentile(nextPages, 95), percentile(nextCpu, 95));
    }

    static long single(Connection connection, SqlStatement sql) throws SQLException {
        try (var statement = sql.prepare(connection); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Prints EXPLAIN (ANALYZE, BUFFERS) of the statement; returns its buffers (shared hit + read of the top node). */
    static long explain(Connection connection, SqlStatement sql) throws SQLException {
        SqlStatement explained = new SqlStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql.sql(), sql.params(),
                true);
        long buffers = -1;
        try (var statement = explained.prepare(connection); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String line = rows.getString(1);
                System.out.println("    " + line);
                Matcher matcher = BUFFERS.matcher(line);
                if (buffers < 0 && !line.contains("Planning") && matcher.find()) {
                    buffers = (matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1)))
                            + (matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)));
                }
            }
        }
        return Math.max(buffers, 0);
    }

    /** Nearest-rank, as bench prints its own. */
    static double percentile(List<Double> values, double percent) {
        return Percentiles.of(values.stream().mapToDouble(Double::doubleValue).toArray()).at(percent);
    }
}
