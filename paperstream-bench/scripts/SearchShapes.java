import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.read.PageCursor;
import io.paperstream.query.catalog.read.PaperQuery;
import io.paperstream.query.catalog.read.PaperQueryBuilder;
import io.paperstream.query.catalog.read.PaperSort;
import io.paperstream.query.catalog.read.SqlStatement;
import io.paperstream.query.catalog.read.ThemeFilterMode;

/**
 * The statements query-service's CatalogReader sends for a search listing (text count, page, total; then the page
 * its cursor leads to), built by the real PaperQueryBuilder, run against a catalog: EXPLAIN (ANALYZE, BUFFERS) of
 * each, or the wall time of each request's statements and the PostgreSQL backend's CPU time for them (p50/p95 over
 * the runs); "explain-before"/"time-before" run the statements of the reader before the search plans. The plan choice repeats
 * CatalogReader.searchPlan with the shipped settings. Usage (a single-file program):
 * <pre>
 * java -cp query-service/target/classes:postgresql.jar paperstream-bench/scripts/SearchShapes.java \
 *     jdbc:postgresql://127.0.0.1:PORT/paperstream explain|time[-before] RUNS THEME WORD...
 * </pre>
 */
public class SearchShapes {

    static final int FEW_MATCHES = 5000;
    static final int RELEVANCE_CANDIDATES = 100;
    /** before: the statements of the reader before the search plans (page and count as PaperQueryBuilder.page/count). */
    static boolean before;
    static final int COUNT_LIMIT = 1000;
    static final int LIMIT = 20;
    static final ThemeCombos NO_COMBOS = new ThemeCombos(Map.of());

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean explain = args[1].startsWith("explain");
        before = args[1].endsWith("-before");
        int runs = Integer.parseInt(args[2]);
        String theme = args[3];
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            for (int w = 4; w < args.length; w++) {
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

    record Page(String plan, long matches, PageCursor next, List<SqlStatement> statements) {
    }

    /** The statements of one request, as CatalogReader sends them, and the cursor of the next page. */
    static Page request(Connection connection, PaperQuery query, boolean run) throws SQLException {
        if (before) {
            return requestBefore(connection, query, run);
        }
        try (var statement = connection.createStatement()) {
            statement.execute("RESET max_parallel_workers_per_gather");
        }
        SqlStatement count = PaperQueryBuilder.textMatches(query.text(), FEW_MATCHES + 1);
        long matches = single(connection, count);
        PageCursor after = query.after();
        String plan;
        if (query.sort() == PaperSort.RELEVANCE && after != null) {
            plan = after.window() == null ? "matches-first" : "newest-ranked";
        } else if (matches <= FEW_MATCHES) {
            plan = "matches-first";
        } else {
            plan = query.sort() == PaperSort.RELEVANCE ? "newest-ranked" : "walk";
        }
        SqlStatement page = switch (plan) {
            case "matches-first" -> query.sort() == PaperSort.RELEVANCE ? PaperQueryBuilder.page(query, NO_COMBOS)
                    : PaperQueryBuilder.matchesFirstPage(query, NO_COMBOS);
            case "newest-ranked" -> PaperQueryBuilder.newestMatchesRankedPage(query, NO_COMBOS, RELEVANCE_CANDIDATES);
            default -> PaperQueryBuilder.page(query, NO_COMBOS);
        };
        if (plan.equals("matches-first")) {
            // as CatalogReader does, for the rest of its transaction (here: the session)
            try (var statement = connection.createStatement()) {
                statement.execute("SET max_parallel_workers_per_gather = 0");
            }
        }
        List<SqlStatement> statements = new ArrayList<>(List.of(count, page));
        boolean textOnly = query.themes().isEmpty();
        if (!(textOnly && (matches <= FEW_MATCHES || FEW_MATCHES >= COUNT_LIMIT))) {
            statements.add(matches <= FEW_MATCHES ? PaperQueryBuilder.matchesFirstCount(query, NO_COMBOS, COUNT_LIMIT + 1)
                    : PaperQueryBuilder.count(query, NO_COMBOS, COUNT_LIMIT + 1));
        }
        PageCursor next = null;
        try (var statement = page.prepare(connection); ResultSet rows = statement.executeQuery()) {
            int n = 0;
            while (rows.next()) {
                if (++n == LIMIT) {
                    String id = rows.getString(1);
                    Instant at = rows.getObject(2, OffsetDateTime.class).toInstant();
                    Float rank = rows.getObject(4, Float.class);
                    next = query.sort() == PaperSort.RECENT ? PageCursor.recent(query.filterFingerprint(), id, at)
                            : PageCursor.relevance(query.filterFingerprint(), id, rank,
                                    plan.equals("newest-ranked") ? new PageCursor.RankWindow(
                                            rows.getObject(6, OffsetDateTime.class).toInstant(), rows.getString(7))
                                            : null);
                }
            }
        }
        if (run) {
            for (SqlStatement statement : statements.subList(2, statements.size())) {
                single(connection, statement);
            }
        }
        return new Page(plan, matches, next, statements);
    }

    static Page requestBefore(Connection connection, PaperQuery query, boolean run) throws SQLException {
        SqlStatement page = PaperQueryBuilder.page(query, NO_COMBOS);
        SqlStatement count = PaperQueryBuilder.count(query, NO_COMBOS, COUNT_LIMIT + 1);
        if (run) {
            try (var statement = page.prepare(connection); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    // read as the reader does
                }
            }
            single(connection, count);
        }
        return new Page("before", -1, null, List.of(page, count));
    }

    static PaperQuery after(PaperQuery query, PageCursor cursor) {
        return new PaperQuery(query.themes(), query.themeMatch(), query.text(), query.minRelated(), query.source(),
                query.ingestedAfter(), query.ingestedBefore(), query.sort(), query.limit(), cursor);
    }

    static void explainShape(Connection connection, String name, PaperQuery query) throws SQLException {
        Page first = request(connection, query, false);
        System.out.println("## " + name + " (text matches " + (first.matches() > FEW_MATCHES ? ">" + FEW_MATCHES
                : first.matches()) + ", plan " + first.plan() + ")");
        for (SqlStatement statement : first.statements()) {
            explain(connection, statement);
        }
        if (before) {
            return;
        }
        if (first.next() != null) {
            Page second = request(connection, after(query, first.next()), false);
            System.out.println("### page 2 (cursor), plan " + second.plan());
            explain(connection, second.statements().get(1));
        }
    }

    static void timeShape(Connection connection, String name, PaperQuery query, int runs) throws SQLException {
        List<Double> firstPages = new ArrayList<>();
        List<Double> firstCpu = new ArrayList<>();
        List<Double> nextPages = new ArrayList<>();
        List<Double> nextCpu = new ArrayList<>();
        String plan = null;
        long backend = single(connection, new SqlStatement("SELECT pg_backend_pid()", List.of()));
        for (int i = 0; i < runs; i++) {
            long cpu = cpuNanos(backend);
            long start = System.nanoTime();
            Page first = request(connection, query, true);
            firstPages.add((System.nanoTime() - start) / 1e6);
            firstCpu.add((cpuNanos(backend) - cpu) / 1e6);
            plan = first.plan();
            if (first.next() != null) {
                cpu = cpuNanos(backend);
                start = System.nanoTime();
                request(connection, after(query, first.next()), true);
                nextPages.add((System.nanoTime() - start) / 1e6);
                nextCpu.add((cpuNanos(backend) - cpu) / 1e6);
            }
        }
        System.out.printf("%-52s %-13s page 1: wall p50 %7.1f p95 %7.1f, PostgreSQL CPU p50 %6.1f p95 %6.1f ms"
                + " | page 2: wall p95 %7.1f, CPU p95 %6.1f ms%n", name, plan, percentile(firstPages, 50),
                percentile(firstPages, 95), percentile(firstCpu, 50), percentile(firstCpu, 95),
                percentile(nextPages, 95), percentile(nextCpu, 95));
    }

    /** Time the backend process has spent on a CPU (Linux schedstat): its work, whatever else the machine runs. */
    static long cpuNanos(long pid) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/schedstat"))
                    .split(" ")[0]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    }

    static long single(Connection connection, SqlStatement sql) throws SQLException {
        try (var statement = sql.prepare(connection); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static void explain(Connection connection, SqlStatement sql) throws SQLException {
        SqlStatement explained = new SqlStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql.sql(), sql.params(),
                true);
        try (var statement = explained.prepare(connection); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                System.out.println("    " + rows.getString(1));
            }
        }
    }
}
