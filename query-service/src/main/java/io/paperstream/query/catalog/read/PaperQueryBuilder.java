package io.paperstream.query.catalog.read;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.bits.ThemeMask;


/**
 * Builds the SQL of a paper listing: the page of ids with their sort keys, and its bounded count. Pure: the
 * text holds only the builder's constants, every request value is a bound parameter.
 * <p>
 * The plans it aims for: newest-first pages walk {@code paper_recent_idx} (or, with a theme, one range of
 * {@code paper_theme_slug_recent_idx}); text search uses the GIN index; the keyset condition makes every page
 * start where the previous one ended, whatever has landed in between. Text search reads {@code paper_search}, which
 * the search indexer fills shortly after a paper lands.
 */
public final class PaperQueryBuilder {

    /** The text search configuration of {@code paper.search}: queries must parse with the one that indexed. */
    public static final String TEXT_SEARCH_CONFIG = "english";

    /**
     * sort=title orders by this many first characters of the title, then id: the key of {@code paper_title_prefix_idx}
     * (V3), whose rows must stay below btree's limit whatever a title's length. The cursor carries the prefix, so it
     * stays short enough for a URL too.
     */
    public static final int TITLE_SORT_CHARACTERS = 200;

    /** Characters of the source that {@code paper_source_recent_idx} (V3) holds; the whole source is compared after. */
    static final int SOURCE_INDEX_CHARACTERS = 100;

    private static final String TITLE_KEY = "left(p.title, " + TITLE_SORT_CHARACTERS + ")";
    private static final String RANK = "ts_rank_cd(s.search, q.query)";
    private static final String RELATED = "COALESCE(r.related_papers, 0)";

    private PaperQueryBuilder() {
    }

    /**
     * The page: columns {@code id, ingested_at, title sort key, rank (real, null without text), related_papers (bigint,
     * null unless sort=related)}, at most {@code limit + 1} rows (the extra row tells that a next page exists).
     */
    public static SqlStatement page(PaperQuery query, ThemeCombos combos) {
        return page(query, combos, null);
    }

    /** {@link #page}, bounded below by a relevance listing's window (inclusive) when there is one. */
    private static SqlStatement page(PaperQuery query, ThemeCombos combos, PageCursor.RankWindow window) {
        boolean themeDriven = isThemeDriven(query);
        Sql sql = new Sql();
        sql.append("SELECT p.id, p.ingested_at, " + TITLE_KEY + ", ")
                .append(query.text() != null ? RANK : "NULL::real").append(" AS rank, ")
                .append(query.sort() == PaperSort.RELATED ? RELATED : "NULL::bigint").append(" AS related_papers");
        from(sql, query, themeDriven);
        if (query.sort() == PaperSort.RELATED) {
            relatedCounts(sql, combos);
        }
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters(query, combos, themeDriven, true, where, params);
        keyset(query, themeDriven, where, params);
        if (window != null) {
            where.add(themeDriven ? "(d.ingested_at, d.paper_id) >= (?, ?)" : "(p.ingested_at, p.id) >= (?, ?)");
            params.add(window.oldestIngestedAt());
            params.add(window.oldestId());
        }
        sql.where(where, params);
        sql.append(" ORDER BY ").append(orderBy(query.sort(), themeDriven));
        sql.append(" LIMIT ?", query.limit() + 1);
        return sql.build();
    }

    /**
     * The page of a search with few matches (at most {@code paperstream.query.search.few-matches}): every match
     * is read through the GIN index first (a bitmap of a few postings, whatever the catalog's size), each is looked
     * up by its id, filtered, and sorted in memory; exact for every sort. The lookup is a LATERAL subquery that
     * cannot be flattened, so PostgreSQL probes {@code paper_pkey} per match instead of choosing a join that reads
     * the whole catalog on a misestimate. Same columns as {@link #page}.
     */
    public static SqlStatement matchesFirstPage(PaperQuery query, ThemeCombos combos) {
        requireText(query);
        Sql sql = new Sql();
        sql.append("SELECT p.id, p.ingested_at, " + TITLE_KEY + ", ")
                .append(query.sort() == PaperSort.RELEVANCE ? RANK : "NULL::real").append(" AS rank, ")
                .append(query.sort() == PaperSort.RELATED ? RELATED : "NULL::bigint").append(" AS related_papers");
        matchesFirst(sql, query);
        if (query.sort() == PaperSort.RELATED) {
            relatedCounts(sql, combos);
        }
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters(query, combos, false, false, where, params);
        keyset(query, false, where, params);
        sql.where(where, params);
        sql.append(" ORDER BY ").append(orderBy(query.sort(), false));
        sql.append(" LIMIT ?", query.limit() + 1);
        return sql.build();
    }

    /** {@link #count} for a search with few matches, through the matches (see {@link #matchesFirstPage}). */
    public static SqlStatement matchesFirstCount(PaperQuery query, ThemeCombos combos, int cap) {
        requireText(query);
        Sql sql = new Sql();
        sql.append("SELECT count(*) FROM (SELECT 1");
        matchesFirst(sql, query);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters(query, combos, false, false, where, params);
        sql.where(where, params);
        sql.append(" LIMIT ?) AS matching", cap);
        return sql.build();
    }

    /**
     * The page of sort=relevance for a search with many matches: the newest {@code candidates} matching papers
     * (found as the newest-first listing finds them, walking the recency index) ranked by {@code ts_rank_cd}, best
     * first. Ranking every match would cost time in proportion to the matches (seconds for a common word at a million
     * papers); this ranks a bounded set, so relevance here means "the best of the newest matches", and the listing
     * ends after them. The first page fixes the set: columns 6 and 7 (the oldest candidate's ingestion time and id)
     * go into the cursor, and later pages rank the matches from that one on (plus any that arrived since). Columns
     * as {@link #page}, then those two.
     */
    public static SqlStatement newestMatchesRankedPage(PaperQuery query, ThemeCombos combos, int candidates) {
        return newestMatchesRankedPage(query, combos, candidates, null);
    }

    /**
     * {@link #newestMatchesRankedPage(PaperQuery, ThemeCombos, int)} whose candidates are read from the recency
     * buckets {@code lowBucket} and newer ({@link #bucketPage}) instead of walking the recency index; null: the walk.
     * The same candidates either way, as long as the buckets from {@code lowBucket} on hold them all.
     */
    public static SqlStatement newestMatchesRankedPage(PaperQuery query, ThemeCombos combos, int candidates,
            Long lowBucket) {
        requireText(query);
        PageCursor after = query.after();
        PageCursor.RankWindow window = after == null ? null : after.window();
        // the window bounds later pages; the first is bounded by the number of candidates
        PaperQuery newest = newestFirst(query, window == null ? candidates - 1 : Integer.MAX_VALUE - 1, null);
        // both read each candidate's vector on the paper_search row they match it on and rank it there (the walk:
        // page's rank column; the buckets: ranked), so the candidates are ranked without being read again
        SqlStatement walk = lowBucket == null ? page(newest, combos, window)
                : bucketPage(newest, combos, 0, lowBucket, null, null, window, true);
        return rankedCandidates(query, walk);
    }

    /**
     * The candidates' statement (columns as {@link #page}'s first five, each candidate's rank in the fourth) best
     * first, after the cursor. Not joined to {@code paper_search} again: a common word's page 1 under writes read
     * ~400 of its ~2,700 buffers doing that (query README, "Relevance of a common word").
     */
    private static SqlStatement rankedCandidates(PaperQuery query, SqlStatement walk) {
        PageCursor after = query.after();
        Sql sql = new Sql();
        sql.append("WITH candidate (id, ingested_at, title_key, rank, related_papers) AS MATERIALIZED ("
                + walk.sql() + ")", walk.params().toArray())
                .append(" SELECT c.id, c.ingested_at, c.title_key, c.rank, NULL::bigint AS related_papers,"
                        + " o.ingested_at, o.id FROM candidate c"
                        + " CROSS JOIN (SELECT ingested_at, id FROM candidate ORDER BY ingested_at, id LIMIT 1) AS o");
        if (after != null) {
            sql.append(" WHERE (c.rank < ?::real OR (c.rank = ?::real AND c.id > ?))", after.rank(),
                    after.rank(), after.id());
        }
        sql.append(" ORDER BY rank DESC, c.id LIMIT ?", query.limit() + 1);
        return sql.build();
    }

    /**
     * A bucket window lists its buckets ({@code = ANY}, at most this many): GIN then intersects each bucket's postings
     * with the text's, ~13 index pages a bucket (the text's posting tree is descended again for each) and little CPU.
     * A range would be cheaper in pages but not in CPU: btree_gin scans a range's two bounds as two keys, which
     * together gather the whole bucket column's postings into a bitmap (~330 ms for a million papers at load 5).
     */
    static final int LISTED_BUCKETS = 256;

    /** The same listing, newest first, with this limit and cursor. */
    static PaperQuery newestFirst(PaperQuery query, int limit, PageCursor after) {
        return new PaperQuery(query.themes(), query.themeMatch(), query.text(), query.minRelated(), query.source(),
                query.ingestedAfter(), query.ingestedBefore(), PaperSort.RECENT, limit, after);
    }

    /**
     * A newest-first search page read from the recency buckets {@code lowBucket} to {@code highBucket} (null: no upper
     * bound) only (V6, {@code paper_search_bucket_idx}): the GIN index intersects those buckets' postings with the
     * text's, so the work is in proportion to the matches in those buckets (plus a few index pages), not to the
     * catalog or to all the text's matches. Each match is looked up by id as {@link #matchesFirstPage} does, filtered
     * and sorted. Columns as {@link #page}, then {@code window_rows}: the listing's rows in those buckets in all
     * (after the cursor, before the LIMIT). {@code window}, when given, keeps only rows from its oldest on.
     */
    public static SqlStatement bucketPage(PaperQuery query, ThemeCombos combos, long lowBucket, Long highBucket,
            PageCursor.RankWindow window) {
        return bucketPage(query, combos, 0, lowBucket, highBucket, null, window, false);
    }

    /** Levels of recency buckets (V7): fine ({@code recency_bucket}), then {@code recency_bucket_1}, {@code _2}. */
    static final int BUCKET_LEVELS = 3;

    /**
     * {@link #bucketPage(PaperQuery, ThemeCombos, long, Long, PageCursor.RankWindow)} at any level of V7's buckets
     * (0: fine; each level's bucket is a run of the level below's): {@code belowInLevelBelow}, when given, keeps only
     * the rows in buckets of the level below that are below it, so that the part of a bucket that windows of the level
     * below have read already is left out and the windows stay disjoint across a change of level. {@code ranked}:
     * the rank column holds each row's {@code ts_rank_cd}, from the vector of the paper_search row the window reads.
     */
    public static SqlStatement bucketPage(PaperQuery query, ThemeCombos combos, int level, long lowBucket,
            Long highBucket, Long belowInLevelBelow, PageCursor.RankWindow window, boolean ranked) {
        requireText(query);
        String column = bucketColumn(level);
        if (query.sort() != PaperSort.RECENT) {
            throw new IllegalArgumentException("a bucket page is read newest first");
        }
        Sql sql = new Sql();
        sql.append("SELECT p.id, p.ingested_at, " + TITLE_KEY + ", ");
        if (ranked) {
            sql.append("ts_rank_cd(s.search, websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', ?))", query.text());
        } else {
            sql.append("NULL::real");
        }
        sql.append(" AS rank, NULL::bigint AS related_papers, count(*) OVER () AS window_rows");
        String vector = ranked ? ", m.search" : "";
        if (highBucket != null) {
            if (highBucket - lowBucket >= LISTED_BUCKETS) {
                throw new IllegalArgumentException("a bucket window lists at most " + LISTED_BUCKETS + " buckets");
            }
            long[] buckets = new long[(int) (highBucket - lowBucket + 1)];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = highBucket - i;
            }
            sql.append(" FROM (SELECT m.paper_id" + vector + " FROM paper_search m WHERE " + column
                    + " = ANY(?::bigint[])", buckets);
        } else {
            // open upwards: one key, whose partial match reads the postings of the buckets from lowBucket on only
            sql.append(" FROM (SELECT m.paper_id" + vector + " FROM paper_search m WHERE " + column + " >= ?",
                    lowBucket);
        }
        if (belowInLevelBelow != null) {
            // "+ 0": checked on the paper_search row, never an index key (a range key would gather the whole
            // column's postings below it)
            sql.append(" AND " + bucketColumn(level - 1) + " + 0 < ?", belowInLevelBelow);
        }
        sql.append(" AND m.search @@ websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', ?)) AS s", query.text())
                .append(" CROSS JOIN LATERAL (SELECT * FROM paper l WHERE l.id = s.paper_id OFFSET 0) AS p");
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters(query, combos, false, false, where, params);
        keyset(query, false, where, params);
        if (window != null) {
            where.add("(p.ingested_at, p.id) >= (?, ?)");
            params.add(window.oldestIngestedAt());
            params.add(window.oldestId());
        }
        sql.where(where, params);
        sql.append(" ORDER BY ").append(orderBy(PaperSort.RECENT, false));
        sql.append(" LIMIT ?", query.limit() + 1);
        return sql.build();
    }

    /**
     * The fine recency buckets of the oldest paper and the newest paper, the buckets of a level a bucket of the next
     * level holds (V7), and
     * the fine bucket of {@code at} (null: the last column is null): where a bucket-by-bucket read starts and ends.
     * Two ends of {@code paper_recent_idx}. Four columns, appended to a select list ({@link #searchStart}'s).
     */
    private static Sql bucketBounds(Sql sql, Instant at) {
        sql.append("paper_search_bucket((SELECT min(ingested_at) FROM paper)),"
                + " paper_search_bucket((SELECT max(ingested_at) FROM paper)), paper_search_buckets_per_coarser(), ");
        if (at == null) {
            return sql.append("NULL::bigint");
        }
        return sql.append("paper_search_bucket(?::timestamptz)", at);
    }

    private static String bucketColumn(int level) {
        return level == 0 ? "m.recency_bucket" : "m.recency_bucket_" + level;
    }

    /**
     * What a newest-first or relevance search needs before its page, in ONE statement (each round trip costs far more
     * than its CPU on a busy machine: query README, "Fewer round trips"). Columns:
     * <ol>
     * <li>whether the page is read from the matches ({@code by_matches}): the planner's estimate of the text's matches
     * (V11's {@code paper_search_estimate}) as a share of the papers (0 when never analyzed) below {@code commonShare};
     * else the recency index is walked;</li>
     * <li>when read from the matches, {@code set_config} turns parallel workers off for the rest of the transaction,
     * as {@code SET LOCAL max_parallel_workers_per_gather = 0} would (a walk keeps the server's setting);</li>
     * <li>the text's matches counted through the GIN index up to {@code cap} (V11's {@code paper_search_matches}), or
     * null when not counted: not read from the matches, not {@code countWanted}, or the statistics know the text (above
     * their least known frequency: below it the estimate is the planner's default for any word it has no statistics
     * for, the same for a word in 18 papers as for one in 5,000) in more than {@code countBelowEstimate} papers;</li>
     * <li>-7. {@link #bucketBounds}{@code (at)}.</li>
     * </ol>
     * The CASEs run the function calls only when their condition holds.
     */
    public static SqlStatement searchStart(String text, double commonShare, boolean countWanted,
            long countBelowEstimate, int cap, Instant at) {
        Sql sql = new Sql();
        sql.append("SELECT w.by_matches,"
                + " CASE WHEN w.by_matches THEN set_config('max_parallel_workers_per_gather', '0', true) END, ");
        if (countWanted) {
            sql.append("CASE WHEN w.by_matches AND NOT (e.papers > 0 AND e.least_known > 0"
                    + " AND e.matches > e.least_known AND e.matches > ?) THEN paper_search_matches(q.query, ?) END, ",
                    countBelowEstimate, cap);
        } else {
            sql.append("NULL::bigint, ");
        }
        bucketBounds(sql, at).append(" FROM websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', ?) AS q(query)", text)
                .append(" CROSS JOIN LATERAL paper_search_estimate(q.query) AS e")
                .append(" CROSS JOIN LATERAL (SELECT CASE WHEN e.papers > 0 THEN e.matches / e.papers ELSE 0 END"
                        + " < ?::float8 AS by_matches) AS w", commonShare);
        return sql.build();
    }

    /**
     * How many papers a full-text query matches, stopping at {@code cap}: the GIN index (or, for a word in a large
     * share of the catalog, a sequential scan that meets {@code cap} matches early) decides how a search listing
     * reads its matches.
     */
    public static SqlStatement textMatches(String text, int cap) {
        // every vector belongs to a paper (foreign key): the papers themselves need not be read
        return new Sql().append("SELECT count(*) FROM (SELECT 1 FROM paper_search s CROSS JOIN websearch_to_tsquery('"
                + TEXT_SEARCH_CONFIG + "', ?) AS q(query) WHERE s.search @@ q.query LIMIT ?) AS matching",
                text, cap).build();
    }

    /** The matches of the text (GIN), then each one's paper: FROM and JOINs of {@link #matchesFirstPage}. */
    private static void matchesFirst(Sql sql, PaperQuery query) {
        String vector = query.sort() == PaperSort.RELEVANCE ? "m.search" : "NULL::tsvector";
        sql.append(" FROM (SELECT m.paper_id, " + vector + " AS search FROM paper_search m"
                + " WHERE m.search @@ websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', ?)) AS s", query.text())
                .append(" CROSS JOIN LATERAL (SELECT * FROM paper l WHERE l.id = s.paper_id OFFSET 0) AS p")
                .append(" CROSS JOIN websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', ?) AS q(query)", query.text());
    }

    private static void requireText(PaperQuery query) {
        if (query.text() == null) {
            throw new IllegalArgumentException("a search plan needs a full-text query");
        }
    }

    private static void relatedCounts(Sql sql, ThemeCombos combos) {
        ThemeCombos.RelatedOfEach every = combos.relatedOfEveryCombination();
        ThemeMask[] masks = every.masks();
        long[] related = every.related();
        sql.append(" LEFT JOIN unnest(?::bytea[], ?::bigint[]) AS r(mask, related_papers)"
                + " ON r.mask = p.theme_mask", masks, related);
    }

    /** {@code count(*)} of the listing's rows, stopping at {@code cap} (one column, bigint). */
    public static SqlStatement count(PaperQuery query, ThemeCombos combos, int cap) {
        if (isTextOnly(query)) {
            return textMatches(query.text(), cap);
        }
        boolean themeDriven = isThemeDriven(query);
        Sql sql = new Sql();
        sql.append("SELECT count(*) FROM (SELECT 1");
        from(sql, query, themeDriven);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters(query, combos, themeDriven, true, where, params);
        sql.where(where, params);
        sql.append(" LIMIT ?) AS matching", cap);
        return sql.build();
    }

    /** {@link #facetCounts} rows counted per theme combination. */
    public static final int BY_MASK = 1;
    /** {@link #facetCounts} rows counted per source. */
    public static final int BY_SOURCE = 2;

    /**
     * The facet counts of a listing the counters cannot answer (text or date filters): ONE aggregate over at most
     * {@code cap} of the rows the listing's filters select (the first ones read: no order, so the scan stops there),
     * grouped by theme combination and/or by source. Columns: {@link #BY_MASK} or {@link #BY_SOURCE}, theme_mask
     * (null unless by mask), source (null unless by source, or for papers without one), papers (bigint); the rows
     * of one grouping add up to the rows read. Themes are expanded from the combinations by the caller: a few
     * thousand groups instead of a join of every matching paper to its themes.
     */
    public static SqlStatement facetCounts(PaperQuery query, ThemeCombos combos, boolean byMask, boolean bySource,
            int cap) {
        Sql sql = new Sql();
        sql.append(groupedColumns(byMask, bySource, "m.theme_mask", "m.source", "count(*)"));
        sql.append(" FROM (SELECT p.theme_mask, p.source");
        matchingRows(sql, query, combos, cap);
        sql.append(") AS m");
        sql.append(groupBy(byMask, bySource, "m.theme_mask", "m.source"));
        return sql.build();
    }

    /**
     * The facet counts of a listing filtered only by themes, minRelated and source, summed from the
     * {@code theme_combo_source} counters (V8) without reading a paper: the combinations the theme and minRelated
     * filters select ({@code masks}; null = every one), of the source filter's source if any. Same columns as
     * {@link #facetCounts}; papers without a source are not in these counters.
     */
    public static SqlStatement facetCountsFromCounters(ThemeMask[] masks, String source, boolean byMask,
            boolean bySource) {
        Sql sql = new Sql();
        sql.append(groupedColumns(byMask, bySource, "c.mask", "c.source", "sum(c.papers)::bigint"));
        sql.append(" FROM theme_combo_source c");
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (masks != null) {
            where.add("c.mask = ANY(?::bytea[])");
            params.add(masks);
        }
        if (source != null) {
            where.add("c.source = ?");
            params.add(source);
        }
        sql.where(where, params);
        sql.append(groupBy(byMask, bySource, "c.mask", "c.source"));
        return sql.build();
    }

    private static String groupedColumns(boolean byMask, boolean bySource, String mask, String source,
            String papers) {
        if (byMask && bySource) {
            // GROUPING(mask, source): 1 = grouped by mask alone (source rolled up), 2 = by source alone
            return "SELECT GROUPING(" + mask + ", " + source + "), " + mask + ", " + source + ", " + papers;
        } else if (byMask) {
            return "SELECT " + BY_MASK + ", " + mask + ", NULL::text, " + papers;
        } else if (bySource) {
            return "SELECT " + BY_SOURCE + ", NULL::bytea, " + source + ", " + papers;
        }
        throw new IllegalArgumentException("facet counts need at least one grouping");
    }

    private static String groupBy(boolean byMask, boolean bySource, String mask, String source) {
        if (byMask && bySource) {
            return " GROUP BY GROUPING SETS ((" + mask + "), (" + source + "))";
        }
        return byMask ? " GROUP BY " + mask : " GROUP BY " + source;
    }

    /** FROM and WHERE of the listing's rows (no keyset, no order), at most {@code cap} of them (null: all). */
    private static void matchingRows(Sql sql, PaperQuery query, ThemeCombos combos, Integer cap) {
        from(sql, query, false);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters(query, combos, false, true, where, params);
        sql.where(where, params);
        if (cap != null) {
            sql.append(" LIMIT ?", cap);
        }
    }

    /**
     * Papers per theme among the listing's rows, for themes the masks cannot describe (those past
     * {@code themes.max-bits}): a join of the matching papers to their {@code paper_theme} rows of those slugs,
     * among at most {@code cap} matching papers (the ones {@link #facetCounts} reads), or all of them when cap is
     * null (the counters' path: then the planner starts from those themes' rows, which are few). Columns: slug,
     * papers (bigint).
     */
    public static SqlStatement themeCountsFromRows(PaperQuery query, ThemeCombos combos, List<String> slugs,
            Integer cap) {
        Sql sql = new Sql();
        sql.append("SELECT ft.slug, count(*) FROM (SELECT p.id");
        matchingRows(sql, query, combos, cap);
        sql.append(") AS m JOIN paper_theme ft ON ft.paper_id = m.id AND ft.slug = ANY(?::text[])",
                (Object) slugs.toArray(String[]::new));
        sql.append(" GROUP BY ft.slug");
        return sql.build();
    }

    static boolean isTextOnly(PaperQuery query) {
        return query.text() != null && query.themes().isEmpty() && query.minRelated() <= 0 && query.source() == null
                && query.ingestedAfter() == null && query.ingestedBefore() == null;
    }

    /**
     * Newest-first with one theme (or all of several) reads that theme's rows of paper_theme in index order and
     * checks the others per row.
     */
    static boolean isThemeDriven(PaperQuery query) {
        return query.sort() == PaperSort.RECENT && !query.themes().isEmpty()
                && (query.themeMatch() == ThemeFilterMode.ALL || query.themes().size() == 1);
    }

    private static void from(Sql sql, PaperQuery query, boolean themeDriven) {
        sql.append(themeDriven ? " FROM paper_theme d JOIN paper p ON p.id = d.paper_id" : " FROM paper p");
        if (query.text() != null) {
            sql.append(" JOIN paper_search s ON s.paper_id = p.id"
                    + " CROSS JOIN websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', ?) AS q(query)", query.text());
        }
    }

    /** @param matchText whether the text condition belongs here (not when the FROM reads the matches already) */
    private static void filters(PaperQuery query, ThemeCombos combos, boolean themeDriven, boolean matchText,
            List<String> where, List<Object> params) {
        List<String> themes = query.themes();
        if (themeDriven) {
            where.add("d.slug = ?");
            params.add(themes.get(0));
            for (String other : themes.subList(1, themes.size())) {
                where.add("EXISTS (SELECT 1 FROM paper_theme t WHERE t.paper_id = p.id AND t.slug = ?)");
                params.add(other);
            }
        } else if (!themes.isEmpty() && query.themeMatch() == ThemeFilterMode.ALL) {
            for (String theme : themes) {
                where.add("EXISTS (SELECT 1 FROM paper_theme t WHERE t.paper_id = p.id AND t.slug = ?)");
                params.add(theme);
            }
        } else if (!themes.isEmpty()) {
            where.add("EXISTS (SELECT 1 FROM paper_theme t WHERE t.paper_id = p.id AND t.slug = ANY(?::text[]))");
            params.add(themes.toArray(String[]::new));
        }
        if (query.text() != null && matchText) {
            where.add("s.search @@ q.query");
        }
        if (query.minRelated() > 0) {
            // relatedPapers is a function of the theme combination: filter on the combinations that reach it
            where.add("p.theme_mask = ANY(?::bytea[])");
            params.add(combos.masksWithRelatedAtLeast(query.minRelated()));
        }
        if (query.source() != null) {
            // the index's prefix finds the rows, the whole source decides
            where.add("left(p.source, " + SOURCE_INDEX_CHARACTERS + ") = left(?, " + SOURCE_INDEX_CHARACTERS
                    + ") AND p.source = ?");
            params.add(query.source());
            params.add(query.source());
        }
        String ingestedAt = themeDriven ? "d.ingested_at" : "p.ingested_at";
        if (query.ingestedAfter() != null) {
            where.add(ingestedAt + " >= ?");
            params.add(query.ingestedAfter());
        }
        if (query.ingestedBefore() != null) {
            where.add(ingestedAt + " < ?");
            params.add(query.ingestedBefore());
        }
    }

    private static void keyset(PaperQuery query, boolean themeDriven, List<String> where, List<Object> params) {
        PageCursor after = query.after();
        if (after == null) {
            return;
        }
        switch (query.sort()) {
            case RECENT -> {
                where.add(themeDriven ? "(d.ingested_at, d.paper_id) < (?, ?)" : "(p.ingested_at, p.id) < (?, ?)");
                params.add(after.ingestedAt());
                params.add(after.id());
            }
            case TITLE -> {
                where.add("(" + TITLE_KEY + ", p.id) > (?, ?)");
                params.add(after.title());
                params.add(after.id());
            }
            case RELEVANCE -> {
                where.add("(" + RANK + " < ?::real OR (" + RANK + " = ?::real AND p.id > ?))");
                params.add(after.rank());
                params.add(after.rank());
                params.add(after.id());
            }
            case RELATED -> {
                where.add("(" + RELATED + " < ? OR (" + RELATED + " = ? AND p.id > ?))");
                params.add(after.related());
                params.add(after.related());
                params.add(after.id());
            }
        }
    }

    private static String orderBy(PaperSort sort, boolean themeDriven) {
        return switch (sort) {
            case RECENT -> themeDriven ? "d.ingested_at DESC, d.paper_id DESC" : "p.ingested_at DESC, p.id DESC";
            case TITLE -> TITLE_KEY + ", p.id";
            case RELEVANCE -> "rank DESC, p.id";
            case RELATED -> "related_papers DESC, p.id";
        };
    }

    /** SQL text and its parameters, appended together so they cannot drift apart. */
    private static final class Sql {

        private final StringBuilder text = new StringBuilder();
        private final List<Object> params = new ArrayList<>();

        Sql append(String fragment, Object... fragmentParams) {
            text.append(fragment);
            params.addAll(List.of(fragmentParams));
            return this;
        }

        void where(List<String> conditions, List<Object> conditionParams) {
            if (!conditions.isEmpty()) {
                text.append(" WHERE ").append(String.join(" AND ", conditions));
                params.addAll(conditionParams);
            }
        }

        /** Planned per execution: how many rows a filter or search word selects decides a listing's plan. */
        SqlStatement build() {
            return new SqlStatement(text.toString(), params, true);
        }
    }
}
