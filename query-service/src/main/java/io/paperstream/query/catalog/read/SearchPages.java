package io.paperstream.query.catalog.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.paperstream.query.catalog.bits.ThemeCombos;

/**
 * How a listing reads its page and, for a search, its total: the plan choice and the statements, in one place for
 * {@link CatalogReader} and paperstream-bench's {@code SearchShapes} (which runs them against a catalog to measure
 * them). It only builds statements and runs them through {@link Statements}; no state.
 * <p>
 * A search, newest first or by relevance (query-service README, "At a million papers"): a word the planner's
 * statistics put in at least {@code common-share} of the papers walks the recency index (about page / share rows).
 * Otherwise, unless the planner's statistics put it in more than {@code count-below-estimate} papers (then read bucket
 * by bucket at once), its matches are counted up to {@code few-matches} + 1: few are all read from the GIN index and
 * sorted (exact; relevance ranks them all); more are read bucket by bucket, newest bucket first
 * ({@link PaperQueryBuilder#bucketPage}, V6, V7), in windows of 1, 4, 16… buckets until the page is full, fine buckets
 * first and coarser ones where the fine ones are sparse, so that the work follows the matches in the buckets read,
 * about a page's worth whatever the ingestion rate; relevance ranks the newest
 * {@code relevance-candidates} matches found that way. Title and related sorts count the matches the same way and
 * walk when there are many. Newest first and relevance send ONE statement before the page or its windows
 * ({@link PaperQueryBuilder#searchStart}: the estimate, the plan's choice, the count, parallel workers off and the
 * bucket bounds): under load each round trip costs far more than its CPU (query README, "Fewer round trips").
 */
public final class SearchPages {

    /**
     * Each window of buckets spans this many times the previous one (up to {@link PaperQueryBuilder#LISTED_BUCKETS}):
     * a page needing b buckets takes about log₄ b statements and reads at most 4 b buckets' matches.
     */
    private static final int WINDOW_GROWTH = 4;

    private SearchPages() {
    }

    /** Runs statements (on the reader's transaction, or a plain JDBC connection). */
    public interface Statements {

        <T> List<T> query(SqlStatement sql, RowMapper<T> mapper) throws SQLException;

        /** Runs a statement without results (SET LOCAL). */
        void execute(String sql) throws SQLException;
    }

    /** The statements run on one JDBC connection, in its current transaction (the reader's, a tool's, a test's). */
    public static Statements on(Connection connection) {
        return new Statements() {
            @Override
            public <T> List<T> query(SqlStatement sql, RowMapper<T> mapper) throws SQLException {
                List<T> results = new ArrayList<>();
                try (PreparedStatement statement = sql.prepare(connection); ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        results.add(mapper.map(rows));
                    }
                }
                return results;
            }

            @Override
            public void execute(String sql) throws SQLException {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }
        };
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /**
     * @param fewMatches          paperstream.query.search.few-matches
     * @param relevanceCandidates paperstream.query.search.relevance-candidates
     * @param commonShare         paperstream.query.search.common-share
     * @param countLimit          paperstream.query.page.count-limit
     * @param countBelowEstimate  paperstream.query.search.count-below-estimate
     */
    public record Settings(int fewMatches, int relevanceCandidates, double commonShare, int countLimit,
            long countBelowEstimate) {
    }

    public enum Plan {
        /** no text: {@link PaperQueryBuilder#page} */
        NONE,
        /**
         * few matches (or a relevance cursor of a listing that ranked them all): every match read
         * ({@link PaperQueryBuilder#matchesFirstPage}; relevance: {@link PaperQueryBuilder#page}, ranked from the
         * GIN bitmap)
         */
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
        boolean relevance = query.sort() == PaperSort.RELEVANCE;
        if (relevance && after != null && after.window() == null) {
            // a listing that ranked every match goes on as it began
            return matchesFirst(query, combos, settings, db, -1, false);
        }
        boolean recentOrRelevance = query.sort() == PaperSort.RECENT || relevance;
        // a later page of a ranked window: the window (in the cursor), not a count, says which matches it ranks
        boolean laterRanked = relevance && after != null;
        if (recentOrRelevance) {
            // title and related sorts need no estimate. One statement: the estimate, the plan's choice, parallel
            // workers off and the count when read from the matches, and where the bucket windows start
            Start start = start(query, settings, !laterRanked, db);
            if (start.byMatches()) {
                if (start.counted() < 0) {
                    // a later ranked page, or many more than few-matches expected from the word's own frequency
                    // (the count would cost about as much as the page): bucket by bucket at once
                    return buckets(query, combos, settings, db, 0, start.bounds());
                }
                if (start.counted() <= settings.fewMatches()) {
                    return matchesFirst(query, combos, settings, db, start.counted(), true);
                }
                return buckets(query, combos, settings, db, start.counted(), start.bounds());
            }
        }
        long matches = 0;
        if (!recentOrRelevance) {
            // title and related sorts: the text's matches counted to few-matches + 1 decide
            matches = single(db, PaperQueryBuilder.textMatches(query.text(), settings.fewMatches() + 1));
            if (matches <= settings.fewMatches()) {
                return matchesFirst(query, combos, settings, db, matches, false);
            }
        }
        List<Row> rows = relevance ? rows(db, PaperQueryBuilder.newestMatchesRankedPage(query, combos,
                settings.relevanceCandidates()), true) : rows(db, PaperQueryBuilder.page(query, combos), false);
        return withTotal(relevance ? Plan.NEWEST_RANKED_WALK : Plan.WALK, rows, query, settings, null, matches);
    }

    /**
     * Few matches: every match read from the GIN index, looked up by id, filtered and sorted (exact for every sort;
     * relevance ranks them all). {@code matches}: the text's matches as counted (-1: not counted).
     * {@code parallelOff}: the transaction has turned parallel workers off already ({@link #start}).
     */
    private static Page matchesFirst(PaperQuery query, ThemeCombos combos, Settings settings, Statements db,
            long matches, boolean parallelOff) throws SQLException {
        if (!parallelOff) {
            db.execute(CatalogReader.NO_PARALLEL_WORKERS);
        }
        // ranking few matches: PostgreSQL ranks them from the GIN bitmap and looks up only the page's papers
        List<Row> rows = rows(db, query.sort() == PaperSort.RELEVANCE ? PaperQueryBuilder.page(query, combos)
                : PaperQueryBuilder.matchesFirstPage(query, combos), false);
        long total = matches >= 0 && PaperQueryBuilder.isTextOnly(query) ? matches
                : single(db, PaperQueryBuilder.matchesFirstCount(query, combos, settings.countLimit() + 1));
        return new Page(Plan.MATCHES_FIRST, rows, total, false).exactIfBelow(settings.countLimit());
    }

    /**
     * More than few matches of a word in less than common-share of the papers: read bucket by bucket, from
     * {@code bounds} ({@link #start}: parallel workers are off already, {@code at} is the cursor's or window's bucket).
     */
    private static Page buckets(PaperQuery query, ThemeCombos combos, Settings settings, Statements db,
            long countedMatches, Bounds bounds) throws SQLException {
        PageCursor after = query.after();
        if (query.sort() == PaperSort.RECENT) {
            Buckets read = newestBuckets(query, combos, after == null ? null : after.ingestedAt(), bounds, db);
            return withTotal(Plan.BUCKETS, read.rows(), query, settings, read, countedMatches);
        }
        // relevance: the candidates are the newest relevance-candidates rows; later pages keep the first's window
        PageCursor.RankWindow window = after == null ? null : after.window();
        if (window == null) {
            // the windows rank the rows they return (each row's vector is on the paper_search row they read): the
            // candidates are not read a second time (paper and paper_search by id: ~1,000 of ~2,400 buffers at 1M)
            Buckets found = newestBuckets(PaperQueryBuilder.newestFirst(query, settings.relevanceCandidates() - 1,
                    null), combos, null, bounds, db, true);
            return withTotal(Plan.NEWEST_RANKED_BUCKETS, bestFirst(found.rows(), query.limit() + 1), query, settings,
                    found, countedMatches);
        }
        long lowBucket = bounds.at();
        List<Row> rows = rows(db, PaperQueryBuilder.newestMatchesRankedPage(query, combos,
                settings.relevanceCandidates(), lowBucket), true);
        return withTotal(Plan.NEWEST_RANKED_BUCKETS, rows, query, settings, null, countedMatches);
    }

    /**
     * Ranked candidates, best first (rank, then id: the order of {@link PaperQueryBuilder#newestMatchesRankedPage}),
     * at most {@code rows}, each carrying the candidates' window (the oldest of them) for the cursor.
     */
    static List<Row> bestFirst(List<Row> candidates, int rows) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Row oldest = candidates.stream().min(Comparator.comparing(Row::ingestedAt).thenComparing(Row::id))
                .orElseThrow();
        PageCursor.RankWindow window = new PageCursor.RankWindow(oldest.ingestedAt(), oldest.id());
        return candidates.stream()
                .sorted(Comparator.comparing(Row::rank, Comparator.reverseOrder()).thenComparing(Row::id))
                .limit(rows)
                .map(row -> new Row(row.id(), row.ingestedAt(), row.title(), row.rank(), null, window))
                .toList();
    }

    /**
     * The newest rows of a newest-first search (at most limit + 1), read bucket window by bucket window from the
     * cursor's fine bucket (or the newest) down: each window's statement asks only for the rows still missing.
     * Windows list fine buckets first (1, 4, 16… of them, no more than the rows found so far say the page needs); once
     * the rows found at a level say that a bucket of the next level holds no more than the page wants, they go up a
     * level, from the bucket holding
     * the next older one (leaving out its part read already). So a fast ingestion (a million papers in minutes) is read
     * in fine buckets and slower ones in coarser buckets, and a window costs about the rows it finds plus a few index
     * pages a bucket, whatever the rate.
     */
    private static Buckets newestBuckets(PaperQuery query, ThemeCombos combos, Instant cursorAt, Bounds bounds,
            Statements db) throws SQLException {
        return newestBuckets(query, combos, cursorAt, bounds, db, false);
    }

    /** {@link #newestBuckets}, each row with its rank when {@code ranked}; {@code bounds} at {@code cursorAt}. */
    private static Buckets newestBuckets(PaperQuery query, ThemeCombos combos, Instant cursorAt, Bounds bounds,
            Statements db, boolean ranked) throws SQLException {
        if (bounds.oldest() == Long.MIN_VALUE) {
            return new Buckets(List.of(), 0, Long.MIN_VALUE, true);
        }
        // the first window is open upwards: papers landing meanwhile are newer than any bucket read after it
        Long high = cursorAt == null ? null : bounds.at();
        long top = cursorAt == null ? bounds.newest() : bounds.at();
        long oldest = bounds.oldest();
        int wanted = query.limit() + 1;
        List<Row> rows = new ArrayList<>();
        long counted = 0;
        long span = 1;
        int level = 0;
        Long belowInLevelBelow = null;
        // rows found and buckets read at this level: the rate that decides when to go up a level
        long levelRows = 0;
        long levelBuckets = 0;
        while (true) {
            long low = Math.max(top - span + 1, oldest);
            PaperQuery rest = PaperQueryBuilder.newestFirst(query, wanted - rows.size() - 1, query.after());
            long[] windowRows = {0};
            rows.addAll(db.query(PaperQueryBuilder.bucketPage(rest, combos, level, low, high, belowInLevelBelow,
                    null, ranked), row -> {
                        windowRows[0] = row.getLong(6);
                        return row(row, false);
                    }));
            counted += windowRows[0];
            if (rows.size() >= wanted || low <= oldest) {
                return new Buckets(rows, counted, low, low <= oldest);
            }
            levelRows += windowRows[0];
            levelBuckets += top - low + 1;
            top = low - 1;
            high = top;
            span = Math.min(span * WINDOW_GROWTH, PaperQueryBuilder.LISTED_BUCKETS);
            long missing = wanted - rows.size();
            if (levelRows > 0) {
                // no more buckets than the rate found at this level says the missing rows need (a quarter more):
                // the last window of a page does not read up to 4 times what it needs
                span = Math.max(1, Math.min(span, (5 * missing * levelBuckets + 4 * levelRows - 1) / (4 * levelRows)));
            }
            // rows a bucket of the next level would hold at the rate found at this one (one more than found, so
            // that an empty start does not go up before it has read a few buckets): up a level when it would not
            // hold more than the page wants
            long perCoarser = bounds.perCoarser();
            if (level + 1 < PaperQueryBuilder.BUCKET_LEVELS
                    && (levelRows + 1) * perCoarser <= (long) wanted * levelBuckets) {
                // the buckets read are exactly those of this level from low up: the next level's bucket holding
                // the next older one, without them (floor division, as paper_search_level_bucket)
                belowInLevelBelow = low;
                level++;
                top = Math.floorDiv(top, perCoarser);
                high = top;
                oldest = Math.floorDiv(oldest, perCoarser);
                span = 1;
                levelRows = 0;
                levelBuckets = 0;
            }
        }
    }

    /**
     * The total of a search with more than few matches, without counting past what the page read: exact when a
     * bucket read saw every bucket on a first page; otherwise a lower bound ({@code totalExact} false): the most of
     * the rows the bucket windows held, the text's matches as counted (few-matches + 1, text alone), the page's rows.
     */
    private static Page withTotal(Plan plan, List<Row> rows, PaperQuery query, Settings settings, Buckets read,
            long countedMatches) {
        int limit = settings.countLimit();
        if (read != null && read.reachedOldest() && query.after() == null) {
            return new Page(plan, rows, read.counted(), false).exactIfBelow(limit);
        }
        long seen = Math.max(read != null ? read.counted() : 0, rows.size());
        if (PaperQueryBuilder.isTextOnly(query)) {
            seen = Math.max(seen, countedMatches);
        }
        return new Page(plan, rows, Math.min(seen, limit), false);
    }

    /** Fine buckets of the oldest paper, the newest and {@code at}; Long.MIN_VALUE where null (no paper). */
    private record Bounds(long oldest, long newest, long perCoarser, long at) {
    }

    /**
     * {@link PaperQueryBuilder#searchStart}'s answer: whether the page is read from the matches (then parallel workers
     * are off); the matches counted (-1: not counted); the bucket bounds.
     */
    private record Start(boolean byMatches, long counted, Bounds bounds) {
    }

    private static Start start(PaperQuery query, Settings settings, boolean countWanted, Statements db)
            throws SQLException {
        PageCursor after = query.after();
        // the bucket a later page starts from: the cursor's (newest first) or its ranked window's oldest
        Instant at = after == null ? null
                : query.sort() == PaperSort.RECENT ? after.ingestedAt() : after.window().oldestIngestedAt();
        return db.query(PaperQueryBuilder.searchStart(query.text(), settings.commonShare(), countWanted,
                settings.countBelowEstimate(), settings.fewMatches() + 1, at), row -> {
                    long counted = orMin(row, 3);
                    return new Start(row.getBoolean(1), counted == Long.MIN_VALUE ? -1 : counted,
                            new Bounds(orMin(row, 4), orMin(row, 5), row.getLong(6), orMin(row, 7)));
                }).get(0);
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
