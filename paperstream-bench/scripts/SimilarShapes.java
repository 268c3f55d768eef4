import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paperstream.bench.Percentiles;
import io.paperstream.bench.ProcessCpu;
import io.paperstream.query.catalog.read.CatalogReader;
import io.paperstream.query.catalog.read.SqlStatement;
import io.paperstream.query.catalog.read.TermSelection;

/**
 * GET /papers/{id}/similar's statements as query-service's CatalogReader sends them (its own SQL, read from the class,
 * and TermSelection's choice of terms), over VARIED papers (a seeded sample of the catalog, not one): per paper the
 * wall time of the statements (JSON and list items not included) and, with explain, the buffers of the candidate
 * statement, and the CPU this JVM spends reading and ranking the candidates (CatalogReader ranks them in Java);
 * p50/p95 over the papers. Usage (a single-file program; -Duser=ROLE -DpasswordFile=FILE if not postgres without one):
 * <pre>
 * java -cp query-service/target/classes:paperstream-bench/target/classes:postgresql.jar paperstream-bench/scripts/SimilarShapes.java \
 *     jdbc:postgresql://127.0.0.1:PORT/paperstream PAPERS QUERY_TERMS,CANDIDATE_POSTINGS,RESCORED_EXTRA,SHARED_TERMS[,PAIRED_TERMS,PAIRED_POSTINGS] \
 *     [explain|time [REFERENCE_POSTINGS [REFERENCE_TERMS]]]
 * </pre>
 * The reference finds each paper's top with QUERY_TERMS (or REFERENCE_TERMS) rarest terms alone, within
 * REFERENCE_POSTINGS (by term_df; every row matching them read, no LIMIT: df may be stale), no pairs. "Candidate rows" are the rows the candidate statement returns: each one a heap row read.
 */
public class SimilarShapes {

    static final int LIMIT = 20;
    static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int papers = Integer.parseInt(args[1]);
        String[] values = args[2].split(",");
        int queryTerms = Integer.parseInt(values[0]);
        int candidatePostings = Integer.parseInt(values[1]);
        int rescoredExtra = Integer.parseInt(values[2]);
        int sharedTerms = Integer.parseInt(values[3]);
        int pairedTerms = values.length > 4 ? Integer.parseInt(values[4]) : 0;
        int pairedPostings = values.length > 5 ? Integer.parseInt(values[5]) : 0;
        boolean explain = args.length > 3 && args[3].equals("explain");
        // with a reference budget (args[4]): each paper's top LIMIT is also found with that many candidate postings
        // and compared (recall of its ids, ratio of the exact score sums): what a smaller budget loses
        Integer referencePostings = args.length > 4 ? Integer.valueOf(args[4]) : null;
        int referenceTerms = args.length > 5 ? Integer.parseInt(args[5]) : queryTerms;
        String termsOfPaper = constant("TERMS_OF_PAPER");
        String countUncountedSql = constant("COUNT_UNCOUNTED_TERMS");
        String candidatesSql = constant("SIMILAR_CANDIDATES");
        String scoredSql = constant("SIMILAR_SCORED");
        try (Connection connection = DriverManager.getConnection(url, System.getProperty("user", "postgres"),
                System.getProperty("passwordFile") == null ? ""
                        : java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("passwordFile")))
                                .strip())) {
            connection.setAutoCommit(false);
            List<String> ids = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id FROM paper "
                            + "TABLESAMPLE BERNOULLI (0.1) REPEATABLE (14) LIMIT " + papers)) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            connection.commit();
            List<Double> walls = new ArrayList<>();
            List<Double> candidateMs = new ArrayList<>();
            List<Double> buffers = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            List<Double> jvms = new ArrayList<>();
            List<Double> recalls = new ArrayList<>();
            List<Double> scoreRatios = new ArrayList<>();
            List<Double> rows = new ArrayList<>();
            long backend;
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                backend = row.getLong(1);
            }
            for (String id : ids) {
                long cpu = ProcessCpu.runningNanos(backend);
                long start = System.nanoTime();
                List<String> terms = new ArrayList<>();
                List<Long> docs = new ArrayList<>();
                Map<String, Integer> hashes = new HashMap<>();
                long[] catalog = {0};
                try (PreparedStatement statement = new SqlStatement(termsOfPaper, List.<Object>of(id)).prepare(
                        connection); ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        terms.add(row.getString(1));
                        long df = row.getLong(2);
                        docs.add(row.wasNull() ? null : df);
                        catalog[0] = row.getLong(3);
                        hashes.put(row.getString(1), row.getInt(4));
                    }
                }
                // as the reader does: terms the last count did not see are counted from the index, to the budget
                List<Integer> uncounted = new ArrayList<>();
                for (int i = 0; i < docs.size() && catalog[0] > 0; i++) {
                    if (docs.get(i) == null) {
                        uncounted.add(i);
                    }
                }
                if (!uncounted.isEmpty()) {
                    execute(connection, "SET LOCAL enable_seqscan = off");
                    try (PreparedStatement statement = new SqlStatement(countUncountedSql, List.<Object>of(
                            (long) candidatePostings, uncounted.stream().map(i -> TermSelection.lexeme(terms.get(i)))
                                    .toArray(String[]::new))).prepare(connection);
                            ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            docs.set(uncounted.get(row.getInt(1) - 1), Math.max(1, row.getLong(2)));
                        }
                    }
                    execute(connection, "SET LOCAL enable_seqscan TO DEFAULT");
                }
                List<TermSelection.Term> weighted = TermSelection.weighted(terms, docs, catalog[0]);
                TermSelection.Finders finders = TermSelection.finders(weighted, queryTerms, candidatePostings,
                        pairedTerms, pairedPostings);
                List<TermSelection.Term> scored = weighted.stream().filter(term -> term.idf() > 0).toList();
                TermSelection.HashWeights hashed = TermSelection.byHash(scored, hashes);
                SqlStatement candidates = new SqlStatement(candidatesSql, List.<Object>of(hashed.hashes(),
                        finders.tsquery(), id, finders.rows(candidatePostings)), true);
                long candidateStart = System.nanoTime();
                execute(connection, "SET LOCAL enable_seqscan = off");
                if (explain) {
                    buffers.add((double) explain(connection, candidates));
                }
                long rankingCpu = THREADS.getCurrentThreadCpuTime();
                List<String> ranked = finders.isEmpty() ? List.of()
                        : best(connection, candidates, hashed, LIMIT + rescoredExtra, rows);
                jvms.add((THREADS.getCurrentThreadCpuTime() - rankingCpu) / 1e6);
                execute(connection, "SET LOCAL enable_seqscan TO DEFAULT");
                candidateMs.add((System.nanoTime() - candidateStart) / 1e6);
                Map<String, Double> top = new java.util.LinkedHashMap<>();
                if (!ranked.isEmpty()) {
                    top = scores(connection, new SqlStatement(scoredSql, List.<Object>of(
                            scored.stream().map(TermSelection.Term::term).toArray(String[]::new),
                            scored.stream().mapToDouble(TermSelection.Term::idf).toArray(), sharedTerms,
                            ranked.toArray(String[]::new), LIMIT)));
                }
                connection.commit();
                walls.add((System.nanoTime() - start) / 1e6);
                cpus.add((ProcessCpu.runningNanos(backend) - cpu) / 1e6);
                if (referencePostings != null) {
                    List<TermSelection.Term> referenceFinders = TermSelection.queryTerms(weighted, referenceTerms,
                            referencePostings);
                    execute(connection, "SET LOCAL enable_seqscan = off");
                    List<String> referenceRanked = best(connection, new SqlStatement(candidatesSql,
                            List.<Object>of(hashed.hashes(), TermSelection.anyOf(referenceFinders), id,
                                    Long.MAX_VALUE), true), hashed, LIMIT + rescoredExtra, new ArrayList<>());
                    Map<String, Double> reference = referenceRanked.isEmpty() ? Map.of() : scores(connection,
                            new SqlStatement(scoredSql, List.<Object>of(
                                    scored.stream().map(TermSelection.Term::term).toArray(String[]::new),
                                    scored.stream().mapToDouble(TermSelection.Term::idf).toArray(), sharedTerms,
                                    referenceRanked.toArray(String[]::new), LIMIT)));
                    connection.commit();
                    if (!reference.isEmpty()) {
                        long kept = reference.keySet().stream().filter(top::containsKey).count();
                        recalls.add((double) kept / reference.size());
                        double referenceSum = reference.values().stream().mapToDouble(Double::doubleValue).sum();
                        scoreRatios.add(top.values().stream().mapToDouble(Double::doubleValue).sum() / referenceSum);
                    }
                }
            }
            System.out.printf("similar over %d papers (%s): statements wall p50 %.1f p95 %.1f max %.1f ms;"
                    + " candidates p50 %.1f p95 %.1f ms%s%n", ids.size(), args[2], percentile(walls, 50),
                    percentile(walls, 95), percentile(walls, 100), percentile(candidateMs, 50),
                    percentile(candidateMs, 95), explain ? String.format("; candidate buffers p50 %.0f p95 %.0f",
                            percentile(buffers, 50), percentile(buffers, 95)) : "");
            System.out.printf("  candidate rows p50 %.0f p95 %.0f mean %.0f%n", percentile(rows, 50),
                    percentile(rows, 95), mean(rows));
            System.out.printf("  PostgreSQL CPU of the statements p50 %.1f p95 %.1f ms; this JVM's CPU reading and"
                    + " ranking the candidates p50 %.1f p95 %.1f ms%s%n", percentile(cpus, 50), percentile(cpus, 95),
                    percentile(jvms, 50), percentile(jvms, 95), recalls.isEmpty() ? "" : String.format(
                            "; vs %d terms, %d postings: recall@%d mean %.3f min %.3f, score sum ratio mean %.3f"
                                    + " min %.3f", referenceTerms, referencePostings, LIMIT, mean(recalls), min(recalls), mean(scoreRatios),
                            min(scoreRatios)));
        }
    }

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static String constant(String name) throws ReflectiveOperationException {
        Field field = CatalogReader.class.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The candidates' ids ranked as CatalogReader ranks them (TermSelection.BestCandidates), best first. */
    static List<String> best(Connection connection, SqlStatement candidates, TermSelection.HashWeights hashed,
            int keep, List<Double> rowCounts) throws SQLException {
        TermSelection.BestCandidates best = new TermSelection.BestCandidates(hashed, keep);
        long count = 0;
        try (PreparedStatement statement = candidates.prepare(connection);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                best.add(rows.getString(1), rows.getString(2));
                count++;
            }
        }
        rowCounts.add((double) count);
        return best.ids();
    }

    /** Plan lines still to print (the first paper's candidate statement, with explain). */
    static int printPlans = 40;

    static long explain(Connection connection, SqlStatement sql) throws SQLException {
        SqlStatement explained = new SqlStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql.sql(), sql.params(),
                true);
        try (PreparedStatement statement = explained.prepare(connection); ResultSet rows = statement.executeQuery()) {
            long buffers = -1;
            while (rows.next()) {
                if (printPlans-- > 0) {
                    System.out.println("    " + rows.getString(1));
                }
                Matcher matcher = BUFFERS.matcher(rows.getString(1));
                if (buffers < 0 && !rows.getString(1).contains("Planning") && matcher.find()) {
                    buffers = (matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1)))
                            + (matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)));
                }
            }
            return Math.max(buffers, 0);
        }
    }

    /** Ids and exact scores of the rescoring statement, best first. */
    static Map<String, Double> scores(Connection connection, SqlStatement sql) throws SQLException {
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getDouble(2));
            }
        }
        return values;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Nearest-rank, as bench prints its own. */
    static double percentile(List<Double> values, double percent) {
        return Percentiles.of(values.stream().mapToDouble(Double::doubleValue).toArray()).at(percent);
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
