package io.paperstream.query.catalog.read;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paperstream.query.catalog.bits.ThemeCombos;

/**
 * How a listing reads its page and, for a search, its total: the plan choice and the statements, in one place for
 * {@link CatalogReader} and paperstream-bench's {@code SearchShapes} (which runs them against a catalog to measure
 * them). It only builds statements and runs them through {@link Statements}; no state.
 * <p>
 * A newest-first search (and the candidates of {@code sort=relevance}) reads the text's matches bucket by bucket,
 * newest bucket first ({@link PaperQueryBuilder#bucketPage}, V6), in windows of 1, 4, 16… buckets until the page is
 * full or the oldest bucket is read: the work is in proportion to the matches in the buckets read, about one page
 * for a word in many papers, and a few GIN probes per window for a rare one. A word the planner's statistics put in
 * at least {@code common-share} of the papers walks the recency index instead (about page / share rows), where even
 * one bucket would hold more matches than a page needs. Title and related sorts keep the count-then-choose plan.
 */
public final class SearchPages {

    /** Each window of buckets spans this many times the previous one: log₄ of the buckets' count statements at most. */
    private static final int WINDOW_GROWTH = 4;
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\"\\s*:\\s*([0-9.eE+]+)");

    private SearchPages() {
    }

    /** Runs statements (on the reader's transaction, or a plain JDBC connection). */
    public interface Statements {

        <T> List<T> query(SqlStatement sql, RowMapper<T> mapper) throws SQLException;

        /** Runs a statement without results (SET LOCAL). */
        void execute(String sql) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /**
     * @param fewMatches          paperstream.query.search.few-matches (title and related sorts)
     * @param relevanceCandidates paperstream.query.search.relevance-candidates
     * @param commonShare         paperstream.query.search.common-share
     * @param countLimit          paperstream.query.page.count-limit
     */
    public record Settings(int fewMatches, int relevanceCandidates, double commonShare, int countLimit) {
    }

    public enum Plan {
        /** no text: {@link PaperQueryBuilder#page} */
        NONE,
        /** title/related sort of few matches, or an old relevance cursor: every match read ({@link PaperQueryBuilder#matchesFirstPage}) */
        MATCHES_FIRST,
        /** a common word newest first (or title/related of many matches): {@link PaperQueryBuilder#page} walks */
        WALK,
        /** newest first, bucket by bucket: {@link PaperQueryBuilder#bucketPage} */
        BUCKETS,
        /** relevance of a common word: the newest candidates found by the walk, ranked */
        NEWEST_RANKED_WALK,
        /** relevance: the newest candidates found bucket by bucket, ranked */
        NEWEST_RANKED_BUCKETS
    }

    /** A row of the page: sort keys; {@code window} for a ranked window's cursor. */
    public record Row(String id, Instant ingestedAt, String title, Float rank, Long related,
            PageCursor.RankWindow window) {
    }

    /**
     * At most limit + 1 rows; {@code total}/{@code totalExact} when the plan knows the search's total (else -1: the
     * caller counts as for any listing).
     */
    public record Page(Plan plan, List<Row> rows, long total, boolean totalExact) {

        /** This page with its total capped at {@code limit}: exact when the count stayed within it. */
        Page exactIfBelow(int limit) {
            return new Page(plan, rows, Math.min(total, limit), total <= limit);
        }
    }

    /** Rows of a bucket window and the buckets it has read. */
    private record Buckets(List<Row> rows, long counted, long lowestBucket, boolean reachedOldest) {
    }

    public static Page page(PaperQuery query, ThemeCombos combos, Settings settings, Statements db)
            throws SQLException {
        if (query.text() == null) {
            return new Page(Plan.NONE, rows(db, PaperQueryBuilder.page(query, combos), false), -1, false);
        }
        PageCursor after = query.after();
        if (query.sort() == PaperSort.TITLE || query.sort() == PaperSort.RELATED) {
            return countThenChoose(query, combos, settings, db);
        }
        if (query.sort() == PaperSort.RELEVANCE && after != null && after.window() == null) {
            // a cursor of a listing that ranked every match (issued before V6): it goes on as it began
            db.execute(CatalogReader.NO_PARALLEL_WORKERS);
            return new Page(Plan.MATCHES_FIRST, rows(db, PaperQueryBuilder.page(query, combos), false),
                    textTotal(query, combos, settings, db), false).exactIfBelow(settings.countLimit());
        }
        boolean common = estimatedShare(query.text(), db) >= settings.commonShare();
        if (common) {
            List<Row> rows = query.sort() == PaperSort.RELEVANCE
                    ? rows(db, PaperQueryBuilder.newestMatchesRankedPage(query, combos,
                            settings.relevanceCandidates()), true)
                    : rows(db, PaperQueryBuilder.page(query, combos), false);
            return withTotal(query.sort() == PaperSort.RELEVANCE ? Plan.NEWEST_RANKED_WALK : Plan.WALK, rows, query,
                    combos, settings, db, null);
        }
        db.execute(CatalogReader.NO_PARALLEL_WORKERS);
        if (query.sort() == PaperSort.RECENT) {
            Buckets read = newestBuckets(query, combos, after == null ? null : after.ingestedAt(), db);
            return withTotal(Plan.BUCKETS, read.rows(), query, combos, settings, db, read);
        }
        // relevance: the candidates are the newest relevance-candidates rows; later pages keep the first's window
        PageCursor.RankWindow window = after == null ? null : after.window();
        if (window == null) {
            Buckets found = newestBuckets(PaperQueryBuilder.newestFirst(query, settings.relevanceCandidates() - 1,
                    null), combos, null, db);
            String[] ids = found.rows().stream().map(Row::id).toArray(String[]::new);
            List<Row> rows = ids.length == 0 ? List.of()
                    : rows(db, PaperQueryBuilder.rankedCandidates(query, ids), true);
            return withTotal(Plan.NEWEST_RANKED_BUCKETS, rows, query, combos, settings, db, found);
        }
        long lowBucket = bounds(db, window.oldestIngestedAt())[2];
        List<Row> rows = rows(db, PaperQueryBuilder.newestMatchesRankedPage(query, combos,
                settings.relevanceCandidates(), lowBucket), true);
        return withTotal(Plan.NEWEST_RANKED_BUCKETS, rows, query, combos, settings, db, null);
    }

    /** Title and related sorts: the text's matches counted to few-matches + 1 decide (see the query README). */
    private static Page countThenChoose(PaperQuery query, ThemeCombos combos, Settings settings, Statements db)
            throws SQLException {
        long matches = single(db, PaperQueryBuilder.textMatches(query.text(), settings.fewMatches() + 1));
        if (matches <= settings.fewMatches()) {
            db.execute(CatalogReader.NO_PARALLEL_WORKERS);
            List<Row> rows = rows(db, PaperQueryBuilder.matchesFirstPage(query, combos), false);
            long total = PaperQueryBuilder.isTextOnly(query) ? matches
                    : single(db, PaperQueryBuilder.matchesFirstCount(query, combos, settings.countLimit() + 1));
            return new Page(Plan.MATCHES_FIRST, rows, total, false).exactIfBelow(settings.countLimit());
        }
        return withTotal(Plan.WALK, rows(db, PaperQueryBuilder.page(query, combos), false), query, combos, settings,
                db, null);
    }

    /**
     * The newest rows of a newest-first search (at most limit + 1), read bucket window by bucket window from the
     * cursor's bucket (or the newest) down: each window's statement asks only for the rows still missing.
     */
    private static Buckets newestBuckets(PaperQuery query, ThemeCombos combos, Instant cursorAt, Statements db)
            throws SQLException {
        long[] bounds = bounds(db, cursorAt);
        long oldest = bounds[0];
        if (oldest == Long.MIN_VALUE) {
            return new Buckets(List.of(), 0, Long.MIN_VALUE, true);
        }
        // the first window is open upwards: papers landing meanwhile are newer than any bucket read after it
        Long high = cursorAt == null ? null : bounds[2];
        long top = cursorAt == null ? bounds[1] : bounds[2];
        int wanted = query.limit() + 1;
        List<Row> rows = new ArrayList<>();
        long counted = 0;
        long span = 1;
        while (true) {
            long low = Math.max(top - span + 1, oldest);
            PaperQuery rest = PaperQueryBuilder.newestFirst(query, wanted - rows.size() - 1, query.after());
            long[] windowRows = {0};
            rows.addAll(db.query(PaperQueryBuilder.bucketPage(rest, combos, low, high, null), row -> {
                windowRows[0] = row.getLong(6);
                return row(row, false);
            }));
            counted += windowRows[0];
            if (rows.size() >= wanted || low <= oldest) {
                return new Buckets(rows, counted, low, low <= oldest);
            }
            top = low - 1;
            high = top;
            span *= WINDOW_GROWTH;
        }
    }

    /**
     * The search's total. Text alone: its matches counted up to count-limit + 1 (exact when a bucket read reached
     * the oldest bucket without a cursor). With other filters: exact when the bucket read saw every bucket on a first
     * page; otherwise the rows this request has seen, a lower bound ({@code totalExact} false), so that no request
     * counts past its page.
     */
    private static Page withTotal(Plan plan, List<Row> rows, PaperQuery query, ThemeCombos combos, Settings settings,
            Statements db, Buckets read) throws SQLException {
        int limit = settings.countLimit();
        if (read != null && read.reachedOldest() && query.after() == null) {
            return new Page(plan, rows, read.counted(), false).exactIfBelow(limit);
        }
        if (PaperQueryBuilder.isTextOnly(query)) {
            return new Page(plan, rows, textTotal(query, combos, settings, db), false).exactIfBelow(limit);
        }
        long seen = read != null ? read.counted() : rows.size();
        return new Page(plan, rows, Math.min(seen, limit), false);
    }

    /** The listing's rows counted up to count-limit + 1 (as any listing's total). */
    private static long textTotal(PaperQuery query, ThemeCombos combos, Settings settings, Statements db)
            throws SQLException {
        return single(db, PaperQueryBuilder.count(query, combos, settings.countLimit() + 1));
    }

    /** Share of the papers the planner expects the text to match (0 on an empty or never analyzed catalog). */
    static double estimatedShare(String text, Statements db) throws SQLException {
        String plan = String.join("\n", db.query(PaperQueryBuilder.estimatedTextMatches(text),
                row -> row.getString(1)));
        Matcher rows = PLAN_ROWS.matcher(plan);
        double matches = rows.find() ? Double.parseDouble(rows.group(1)) : 0;
        long papers = single(db, PaperQueryBuilder.estimatedPapers());
        return papers <= 0 ? 0 : matches / papers;
    }

    /** Buckets of the oldest paper, the newest and {@code at}; Long.MIN_VALUE where null (no paper). */
    private static long[] bounds(Statements db, Instant at) throws SQLException {
        return db.query(PaperQueryBuilder.bucketBounds(at), row -> new long[] {orMin(row, 1), orMin(row, 2),
                orMin(row, 3)}).get(0);
    }

    private static long orMin(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Long.MIN_VALUE : value;
    }

    private static List<Row> rows(Statements db, SqlStatement statement, boolean ranked) throws SQLException {
        return db.query(statement, row -> row(row, ranked));
    }

    private static Row row(ResultSet row, boolean ranked) throws SQLException {
        return new Row(row.getString(1), row.getObject(2, OffsetDateTime.class).toInstant(), row.getString(3),
                row.getObject(4, Float.class), row.getObject(5, Long.class), ranked ? new PageCursor.RankWindow(
                        row.getObject(6, OffsetDateTime.class).toInstant(), row.getString(7)) : null);
    }

    private static long single(Statements db, SqlStatement statement) throws SQLException {
        return db.query(statement, row -> row.getLong(1)).get(0);
    }
}
