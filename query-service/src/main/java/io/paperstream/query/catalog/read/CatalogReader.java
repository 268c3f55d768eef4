package io.paperstream.query.catalog.read;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.annotation.Timed;
import io.paperstream.events.PaperLimits;
import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.catalog.entity.Paper;
import io.paperstream.query.catalog.entity.PaperTheme;
import io.paperstream.query.catalog.view.CatalogCounts;
import io.paperstream.query.catalog.view.FacetCounts;
import io.paperstream.query.catalog.view.PaperDetail;
import io.paperstream.query.catalog.view.PaperPage;
import io.paperstream.query.catalog.view.PaperSummary;
import io.paperstream.query.catalog.view.RelatedPaper;
import io.paperstream.query.catalog.view.RelatedPapers;
import io.paperstream.query.catalog.view.SimilarPaper;
import io.paperstream.query.catalog.view.SimilarPapers;
import io.paperstream.query.catalog.write.SearchIndex;
import io.paperstream.query.catalog.view.ThemeScore;
import io.paperstream.query.catalog.view.ThemeSummary;
import io.paperstream.query.config.QueryConfig;

/** Reads the catalog: listings, papers, related papers, themes. */
@ApplicationScoped
@Transactional
public class CatalogReader {

    private static final String TIMER = "paperstream.query.catalog";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private static final String RELATED_CANDIDATES = """
            SELECT id FROM paper WHERE theme_mask = ANY(?::bytea[]) AND id <> ?
            ORDER BY ingested_at DESC, id DESC LIMIT ?
            """;

    private static final String COUNT_PAPERS_OF_THEMES = """
            SELECT slug, count(*) FROM paper_theme WHERE slug = ANY(?::text[]) GROUP BY slug
            """;

    private static final String PAPER_EXISTS = "SELECT 1 FROM paper WHERE id = ?";

    /**
     * For the rest of this transaction: no parallel workers. A search read from its matches (few, or bucket by
     * bucket) reads a few thousand rows at most, yet PostgreSQL may plan its sort by rank with two workers (its
     * estimate of a rare word's matches is coarse); starting them costs more than the work, and on a busy machine
     * far more (a one-match search: 8 ms of CPU, 200 ms waiting for its workers at load 40).
     */
    static final String NO_PARALLEL_WORKERS = "SET LOCAL max_parallel_workers_per_gather = 0";

    /**
     * Text matches read with a LIMIT come from the GIN index, always. Similar papers' candidates: the finders are the
     * paper's rarest terms, but the planner estimates an OR of words it has no statistics for at several percent of
     * the catalog, and with the candidates' LIMIT it then prefers a sequential scan that stops early: at 1M papers,
     * after an autoanalyze, 3.3 s and 2.9M buffers instead of 24 ms and 1.7k (a bitmap scan of the 1,147 real
     * matches). (A search's match count does the same inside V11's {@code paper_search_matches}.)
     */
    private static final String MATCHES_FROM_INDEX = "SET LOCAL enable_seqscan = off";
    /** Back to the server's setting for the rest of the transaction. */
    private static final String SEQUENTIAL_SCANS_AGAIN = "SET LOCAL enable_seqscan TO DEFAULT";

    /**
     * The distinct lexemes of a paper's vector (the indexed one, else computed from the paper as the indexer
     * would), each with its document frequency (null if the last count did not see it), the papers counted and the
     * lexeme's hash as V9's {@code term_hashes} holds it.
     */
    private static final String TERMS_OF_PAPER = """
            SELECT l.term, d.docs, st.papers, hashtext(l.term)
            FROM (SELECT coalesce((SELECT s.search FROM paper_search s WHERE s.paper_id = p.id), %s) AS vector
                  FROM paper p WHERE p.id = ?) AS v
            CROSS JOIN LATERAL unnest(tsvector_to_array(v.vector)) AS l(term)
            LEFT JOIN term_df d ON d.term = l.term
            CROSS JOIN term_df_state st
            """.formatted(SearchIndex.VECTOR);

    /**
     * How many papers hold each given term (one-lexeme tsqueries), read from the GIN index up to a cap: for the terms
     * the last {@code term_df} count did not see. Parameters: the cap, the tsqueries. Columns: position (from 1),
     * papers (at most the cap).
     */
    private static final String COUNT_UNCOUNTED_TERMS = """
            SELECT t.position,
                   (SELECT count(*) FROM (SELECT 1 FROM paper_search s WHERE s.search @@ t.query::tsquery LIMIT ?) AS m)
            FROM unnest(?::text[]) WITH ORDINALITY AS t(query, position)
            """;

    /**
     * Candidates (papers holding any finder term, other than the paper), each with the paper's term hashes it holds
     * (V9's {@code term_hashes}, intersected by intarray's {@code &} without reading the vector; listed as text, see
     * {@link TermSelection.HashWeights#weightOf}), ranked here by {@link TermSelection.BestCandidates}: summing their
     * weights in SQL (unnest, join, GROUP BY: ~15 rows a candidate) cost more CPU than fetching the candidates. A
     * hash collision can only add a weight, so a candidate never ranks below its exact score. Parameters: the
     * paper's term hashes (sorted, distinct), the finders' tsquery, the paper's id, most candidates.
     */
    private static final String SIMILAR_CANDIDATES = """
            SELECT s.paper_id, array_to_string(s.term_hashes & ?::int4[], ',') FROM paper_search s
            WHERE s.search @@ ?::tsquery AND s.paper_id <> ? LIMIT ?
            """;

    /**
     * The exact score of the given papers over every weighted term of the paper their vectors hold, and the shared
     * terms (the heaviest first, at most the given number); best first, ties by id. Parameters: the paper's terms,
     * their weights, shared terms listed, the ids, items.
     */
    private static final String SIMILAR_SCORED = """
            WITH weight AS (SELECT * FROM unnest(?::text[], ?::float8[]) AS w(term, idf))
            SELECT s.paper_id, sum(w.idf) AS score,
                   (array_agg(w.term ORDER BY w.idf DESC, w.term COLLATE "C"))[1:?]
            FROM paper_search s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search)) AS l(term)
            JOIN weight w ON w.term = l.term
            WHERE s.paper_id = ANY(?::text[])
            GROUP BY s.paper_id ORDER BY score DESC, s.paper_id LIMIT ?
            """;

    private static final String THEME_MASK_OF_PAPER = "SELECT theme_mask FROM paper WHERE id = ?";

    /**
     * List items, shortened in the database so that the service never holds more of a paper than the item shows
     * (a paper from before the limits may hold megabytes of related kinds). Columns: id, title, title cut, summary,
     * summary cut, source, source cut, related (the largest counts, as JSON), related kinds in all, ingested_at,
     * theme_mask. Parameters: title characters, summary characters, source characters, longest related kind,
     * related kinds, ids.
     */
    private static final String LIST_ITEMS = """
            SELECT p.id, left(p.title, n.title), length(p.title) > n.title,
                   left(p.summary, n.summary), length(p.summary) > n.summary,
                   left(p.source, n.source), length(p.source) > n.source,
                   (SELECT coalesce(jsonb_object_agg(k.key, k.value), '{}'::jsonb)::text FROM (
                       SELECT key, value FROM jsonb_each(p.related) WHERE length(key) <= n.kind
                       ORDER BY value DESC, key LIMIT n.kinds) AS k),
                   (SELECT count(*) FROM jsonb_object_keys(p.related)),
                   p.ingested_at, p.theme_mask
            FROM (SELECT ?::int AS title, ?::int AS summary, ?::int AS source, ?::int AS kind, ?::int AS kinds) AS n
            JOIN paper p ON p.id = ANY(?::text[])
            """;

    /**
     * The themes of list items, strongest first, each with its first matched terms. Columns: paper_id, slug, score,
     * matched (JSON array), matched terms in all. Parameters: longest term, terms, ids.
     */
    private static final String LIST_ITEM_THEMES = """
            SELECT t.paper_id, t.slug, t.score,
                   (SELECT coalesce(jsonb_agg(e.term ORDER BY e.position), '[]'::jsonb)::text FROM (
                       SELECT term, position FROM jsonb_array_elements(t.matched) WITH ORDINALITY AS m(term, position)
                       WHERE length(term #>> '{}') <= n.term ORDER BY position LIMIT n.terms) AS e),
                   jsonb_array_length(t.matched)
            FROM (SELECT ?::int AS term, ?::int AS terms) AS n
            JOIN paper_theme t ON t.paper_id = ANY(?::text[])
            ORDER BY t.score DESC, t.slug
            """;

    @Inject
    EntityManager entityManager;

    @Inject
    CatalogSnapshots snapshots;

    @Inject
    QueryConfig config;

    @Inject
    ObjectMapper json;

    /** A list item's title, source and related kinds are cut to the paper limits (older papers may be longer). */
    @Inject
    PaperLimits limits;

    /** The themes, labels and combinations as of now. */
    public CatalogSnapshot snapshot() {
        return snapshots.current();
    }

    @Timed(value = TIMER, extraTags = {"operation", "list"}, histogram = true)
    public PaperPage page(PaperQuery query) {
        CatalogSnapshot snapshot = snapshots.current();
        SearchPages.Page page = statements(db -> SearchPages.page(query, snapshot.combos(), searchSettings(), db));
        List<SearchPages.Row> rows = page.rows();
        boolean more = rows.size() > query.limit();
        if (more) {
            rows = rows.subList(0, query.limit());
        }
        List<PaperSummary> assembled = listItems(rows.stream().map(SearchPages.Row::id).toList(), snapshot);
        List<PaperSummary> items = withinPageBytes(assembled, PaperSummary::minimal);
        SearchPages.Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        if (items.size() < assembled.size()) {
            // the page ended early at its byte bound: the next one starts after the last item it shows
            String lastShown = items.get(items.size() - 1).id();
            last = rows.stream().filter(row -> row.id().equals(lastShown)).findFirst().orElseThrow();
            more = true;
        }
        String nextCursor = more ? CursorCodec.encode(cursorAfter(last, query)) : null;
        if (page.total() >= 0) {
            return new PaperPage(items, nextCursor, page.total(), page.totalExact());
        }
        return total(query, snapshot, items, nextCursor);
    }

    private SearchPages.Settings searchSettings() {
        return new SearchPages.Settings(config.search().fewMatches(), config.search().relevanceCandidates(),
                config.search().commonShare(), config.page().countLimit(), config.search().countBelowEstimate());
    }

    /**
     * Counts of the papers matching the listing's filters (all of them, not the page) per requested facet. Filters
     * by themes, minRelated and source are answered from counters kept in the writer's transaction, exactly and
     * without reading a paper: the theme facet from the snapshot's theme combinations (when there is no source
     * filter), the rest by summing {@code theme_combo_source} over the combinations the filters select. Text and
     * date filters need the matching rows: one aggregate over at most {@code facets.count-limit} + 1 of them, exact
     * when they were all, else flagged inexact with the number counted.
     */
    @Timed(value = TIMER, extraTags = {"operation", "facets"}, histogram = true)
    public FacetCounts facets(PaperQuery query, Set<Facet> facets) {
        CatalogSnapshot snapshot = snapshots.current();
        boolean fromCounters = query.text() == null && query.ingestedAfter() == null
                && query.ingestedBefore() == null && snapshot.allHaveBits(query.themes());
        return fromCounters ? facetsFromCounters(query, facets, snapshot) : facetsFromRows(query, facets, snapshot);
    }

    private FacetCounts facetsFromCounters(PaperQuery query, Set<Facet> facets, CatalogSnapshot snapshot) {
        int max = config.facets().maxValues();
        Predicate<ThemeMask> filter = themeFilter(query, snapshot);
        Map<String, Long> themes = null;
        if (facets.contains(Facet.THEME) && query.source() == null) {
            // a combination either matches the theme and minRelated filters or not: no row to read
            themes = new HashMap<>();
            for (CatalogTheme theme : snapshot.themes().values()) {
                if (theme.bit() != null) {
                    int bit = theme.bit();
                    themes.put(theme.slug(), snapshot.combos().countPapers(filter.and(mask -> mask.has(bit))));
                }
            }
        }
        boolean byMask = facets.contains(Facet.THEME) && themes == null;
        boolean bySource = facets.contains(Facet.SOURCE);
        Map<String, Long> sources = null;
        if (byMask || bySource) {
            boolean everyCombination = query.themes().isEmpty() && query.minRelated() <= 0;
            ThemeMask[] masks = everyCombination ? null : snapshot.combos().masks(filter);
            Tally tally = tally(PaperQueryBuilder.facetCountsFromCounters(masks, query.source(), byMask, bySource));
            if (byMask) {
                themes = new HashMap<>(FacetTally.themesFromMasks(tally.masks(), snapshot.themes().values()));
            }
            sources = bySource ? tally.sources() : null;
        }
        if (themes != null) {
            countThemesWithoutBit(query, snapshot, themes, null);
        }
        return new FacetCounts(themes == null ? null : FacetTally.themeFacet(themes, max),
                sources == null ? null : FacetTally.sourceFacet(sources, max), true, 0);
    }

    private FacetCounts facetsFromRows(PaperQuery query, Set<Facet> facets, CatalogSnapshot snapshot) {
        int max = config.facets().maxValues();
        int cap = config.facets().countLimit() + 1;
        boolean byMask = facets.contains(Facet.THEME);
        boolean bySource = facets.contains(Facet.SOURCE);
        Tally tally = tally(PaperQueryBuilder.facetCounts(query, snapshot.combos(), byMask, bySource, cap));
        Map<String, Long> themes = null;
        if (byMask) {
            themes = new HashMap<>(FacetTally.themesFromMasks(tally.masks(), snapshot.themes().values()));
            countThemesWithoutBit(query, snapshot, themes, cap);
        }
        long counted = tally.rows();
        return new FacetCounts(themes == null ? null : FacetTally.themeFacet(themes, max),
                bySource ? FacetTally.sourceFacet(tally.sources(), max) : null, counted < cap, counted);
    }

    /**
     * Adds the papers of the themes past {@code themes.max-bits} (no bit, so no combination counts them) among the
     * listing's rows, at most {@code cap} of them (null: all; those themes' rows are few, the join starts there).
     */
    private void countThemesWithoutBit(PaperQuery query, CatalogSnapshot snapshot, Map<String, Long> themes,
            Integer cap) {
        List<String> withoutBit = snapshot.themes().values().stream().filter(theme -> theme.bit() == null)
                .map(CatalogTheme::slug).toList();
        if (!withoutBit.isEmpty()) {
            query(PaperQueryBuilder.themeCountsFromRows(query, snapshot.combos(), withoutBit, cap),
                    row -> themes.put(row.getString(1), row.getLong(2)));
        }
    }

    /** Reads facet count rows ({@link PaperQueryBuilder#facetCounts} columns) into papers per mask and source. */
    private Tally tally(SqlStatement sql) {
        Map<ThemeMask, Long> masks = new HashMap<>();
        Map<String, Long> sources = new HashMap<>();
        long[] rows = new long[2];
        query(sql, row -> {
            long papers = row.getLong(4);
            if (row.getInt(1) == PaperQueryBuilder.BY_MASK) {
                masks.merge(ThemeMask.fromBytes(row.getBytes(2)), papers, Long::sum);
                rows[0] += papers;
            } else {
                rows[1] += papers;
                if (row.getString(3) != null) {
                    sources.merge(row.getString(3), papers, Long::sum);
                }
            }
            return papers;
        });
        return new Tally(masks, sources, Math.max(rows[0], rows[1]));
    }

    /** Papers per theme combination and per source, and the papers they were counted over (either grouping). */
    private record Tally(Map<ThemeMask, Long> masks, Map<String, Long> sources, long rows) {
    }

    /** The whole paper, however large (one at a time). */
    @Timed(value = TIMER, extraTags = {"operation", "paper"}, histogram = true)
    public Optional<PaperDetail> paper(String id) {
        CatalogSnapshot snapshot = snapshots.current();
        Paper paper = Paper.findById(id);
        if (paper == null) {
            return Optional.empty();
        }
        List<ThemeScore> themes = PaperTheme.ofPapers(List.of(id)).stream()
                .map(theme -> new ThemeScore(theme.slug, snapshot.label(theme.slug), theme.score, theme.matched))
                .sorted(ThemeScore.STRONGEST_FIRST).toList();
        return Optional.of(new PaperDetail(paper.id, paper.title, paper.summary, paper.source, paper.related,
                paper.ingestedAt, themes, snapshot.combos().relatedPapers(paper.themes()), paper.digestId,
                paper.line, paper.enrichedAt, paper.taxonomyVersion, paper.materializedSeq, paper.materializedAt));
    }

    /**
     * Papers sharing themes with this one: by number of shared themes, then newest. A theme combination fixes the
     * number of shared themes, so each level is one indexed query over the combinations at that level.
     */
    @Timed(value = TIMER, extraTags = {"operation", "related"}, histogram = true)
    public Optional<RelatedPapers> related(String id, int limit) {
        List<ThemeMask> found = query(new SqlStatement(THEME_MASK_OF_PAPER, List.<Object>of(id)),
                row -> ThemeMask.fromBytes(row.getBytes(1)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CatalogSnapshot snapshot = snapshots.current();
        ThemeMask mask = found.get(0);
        TreeMap<Integer, List<ThemeMask>> combosByShared = new TreeMap<>(Comparator.reverseOrder());
        if (!mask.isEmpty()) {
            for (ThemeMask combo : snapshot.combos().masks(mask::intersects)) {
                combosByShared.computeIfAbsent(combo.sharedBits(mask), k -> new ArrayList<>()).add(combo);
            }
        }
        List<String> ids = new ArrayList<>();
        for (List<ThemeMask> combos : combosByShared.values()) {
            if (ids.size() >= limit) {
                break;
            }
            ThemeMask[] level = combos.toArray(ThemeMask[]::new);
            ids.addAll(query(new SqlStatement(RELATED_CANDIDATES, List.<Object>of(level, id, limit - ids.size())),
                    row -> row.getString(1)));
        }
        Map<String, ThemeMask> masks = new HashMap<>();
        List<RelatedPaper> items = listItems(ids, snapshot, masks).stream().map(summary -> {
            List<String> shared = snapshot.slugsOf(masks.get(summary.id()).and(mask));
            return new RelatedPaper(summary, shared, shared.size());
        }).toList();
        return Optional.of(new RelatedPapers(id, withinPageBytes(items,
                item -> new RelatedPaper(item.paper().minimal(), item.sharedThemes(), item.sharedThemeCount()))));
    }

    /**
     * Papers whose text resembles this one's: candidates hold at least one of its rarest terms (found in the GIN
     * index, a few posting lists), each is ranked by the idf weights of ALL the terms the two share, estimated from
     * their term hashes (V9, no vector read; intersected in PostgreSQL, summed here); the best limit +
     * {@code rescored-extra} are scored exactly over their vectors, best first (see {@link TermSelection}). The
     * paper's terms come from its vector (computed here if the indexer has not reached it yet); weights from
     * {@code term_df} as last recounted, and for terms that count did not see from the index (see
     * {@link #countUncounted}).
     */
    @Timed(value = TIMER, extraTags = {"operation", "similar"}, histogram = true)
    public Optional<SimilarPapers> similar(String id, int limit) {
        QueryConfig.Similar settings = config.similar();
        return similar(id, limit, settings.queryTerms(), settings.candidatePostings(), settings.pairedTerms(),
                settings.pairedPostings());
    }

    /** {@link #similar(String, int)} with the candidate bounds given (tests pin what bounded candidates keep). */
    public Optional<SimilarPapers> similar(String id, int limit, int queryTerms, int candidatePostings,
            int pairedTerms, int pairedPostings) {
        if (query(new SqlStatement(PAPER_EXISTS, List.<Object>of(id)), row -> true).isEmpty()) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>();
        List<Long> docs = new ArrayList<>();
        Map<String, Integer> hashes = new HashMap<>();
        long[] papers = {0};
        query(new SqlStatement(TERMS_OF_PAPER, List.<Object>of(id)), row -> {
            terms.add(row.getString(1));
            long df = row.getLong(2);
            docs.add(row.wasNull() ? null : df);
            papers[0] = row.getLong(3);
            hashes.put(row.getString(1), row.getInt(4));
            return null;
        });
        if (papers[0] > 0) {
            // before the first count every term is new to it: counting each would read a budget of rows per term
            countUncounted(terms, docs, candidatePostings);
        }
        QueryConfig.Similar settings = config.similar();
        List<TermSelection.Term> weighted = TermSelection.weighted(terms, docs, papers[0]);
        TermSelection.Finders finders = TermSelection.finders(weighted, queryTerms, candidatePostings, pairedTerms,
                pairedPostings);
        if (finders.isEmpty()) {
            return Optional.of(new SimilarPapers(id, List.of()));
        }
        List<TermSelection.Term> scored = weighted.stream().filter(term -> term.idf() > 0).toList();
        String[] scoredTerms = scored.stream().map(TermSelection.Term::term).toArray(String[]::new);
        double[] weights = scored.stream().mapToDouble(TermSelection.Term::idf).toArray();
        TermSelection.HashWeights hashed = TermSelection.byHash(scored, hashes);
        long candidateRows = finders.rows(candidatePostings);
        SqlStatement candidates = new SqlStatement(SIMILAR_CANDIDATES, List.<Object>of(hashed.hashes(),
                finders.tsquery(), id, candidateRows), true);
        TermSelection.BestCandidates best = new TermSelection.BestCandidates(hashed,
                limit + settings.rescoredExtra());
        statements(db -> {
            db.execute(MATCHES_FROM_INDEX);
            db.query(candidates, row -> {
                best.add(row.getString(1), row.getString(2));
                return null;
            });
            db.execute(SEQUENTIAL_SCANS_AGAIN);
            return null;
        });
        List<String> ranked = best.ids();
        Map<String, Double> scores = new HashMap<>();
        Map<String, List<String>> shared = new HashMap<>();
        List<String> ids = ranked.isEmpty() ? List.of() : query(new SqlStatement(SIMILAR_SCORED,
                List.<Object>of(scoredTerms, weights, settings.sharedTerms(), ranked.toArray(String[]::new), limit)),
                row -> {
                    String paperId = row.getString(1);
                    scores.put(paperId, row.getDouble(2));
                    shared.put(paperId, List.of((String[]) row.getArray(3).getArray()));
                    return paperId;
                });
        CatalogSnapshot snapshot = snapshots.current();
        List<SimilarPaper> items = listItems(ids, snapshot).stream()
                .map(summary -> new SimilarPaper(summary, scores.get(summary.id()), shared.get(summary.id())))
                .toList();
        return Optional.of(new SimilarPapers(id, withinPageBytes(items,
                item -> new SimilarPaper(item.paper().minimal(), item.score(), item.sharedTerms()))));
    }

    /**
     * Fills in the document frequency of the terms the last {@code term_df} count did not see (null), counted in the
     * GIN index up to {@code cap} papers (a term held by more weighs as if held by {@code cap}). Such a term is new
     * since that count, which may be an hour old: taken as held by one paper, a term that has spread meanwhile (a new
     * model's name in hundreds of papers, a stream's common token) would be every such paper's rarest term, look for
     * candidates alone among all its papers and weigh as much as a term of one paper: at 1.4M papers, similar papers
     * of the newest papers took p50 83-92 ms instead of 35-42 (query README). Counting to the alone finders' budget
     * tells whether it can be one; a really new term is held by few papers and costs a few rows.
     */
    private void countUncounted(List<String> terms, List<Long> docs, long cap) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) == null) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        String[] queries = positions.stream().map(i -> TermSelection.lexeme(terms.get(i))).toArray(String[]::new);
        statements(db -> {
            db.execute(MATCHES_FROM_INDEX);
            db.query(new SqlStatement(COUNT_UNCOUNTED_TERMS, List.<Object>of(cap, queries)), row -> {
                // the paper itself holds the term once its vector is indexed: at least one paper either way
                docs.set(positions.get(row.getInt(1) - 1), Math.max(1, row.getLong(2)));
                return null;
            });
            db.execute(SEQUENTIAL_SCANS_AGAIN);
            return null;
        });
    }

    @Timed(value = TIMER, extraTags = {"operation", "themes"}, histogram = true)
    public List<ThemeSummary> themes() {
        CatalogSnapshot snapshot = snapshots.current();
        List<String> withoutBit = snapshot.themes().values().stream().filter(theme -> theme.bit() == null)
                .map(CatalogTheme::slug).toList();
        // one array parameter (cast: a String[] alone would be spread into one parameter per slug)
        Map<String, Long> countedInTable = withoutBit.isEmpty() ? Map.of()
                : query(new SqlStatement(COUNT_PAPERS_OF_THEMES, List.of((Object) withoutBit.toArray(String[]::new))),
                        row -> Map.entry(row.getString(1), row.getLong(2))).stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return snapshot.themes().values().stream().map(theme -> new ThemeSummary(theme.slug(), theme.label(),
                theme.description(), theme.position(), theme.defined(), theme.bit() == null
                        ? countedInTable.getOrDefault(theme.slug(), 0L)
                        : snapshot.combos().papersWithBit(theme.bit())))
                .toList();
    }

    public Optional<ThemeSummary> theme(String slug) {
        return themes().stream().filter(theme -> theme.slug().equals(slug)).findFirst();
    }

    public CatalogCounts counts() {
        CatalogSnapshot snapshot = snapshots.current();
        return new CatalogCounts(snapshot.combos().totalPapers(), snapshot.themes().size(),
                snapshot.lastMaterializedAt());
    }

    /**
     * The total of a listing without text: from the theme combinations when they tell, from the
     * {@code theme_combo_source} counters (V8) when a source filter is added to them, else counted up to a cap.
     */
    private PaperPage total(PaperQuery query, CatalogSnapshot snapshot, List<PaperSummary> items, String nextCursor) {
        if (query.filtersOnlyByThemes() && snapshot.allHaveBits(query.themes())) {
            return new PaperPage(items, nextCursor, snapshot.combos().countPapers(themeFilter(query, snapshot)), true);
        }
        if (query.filtersOnlyByThemesAndSource() && snapshot.allHaveBits(query.themes())) {
            boolean everyCombination = query.themes().isEmpty() && query.minRelated() <= 0;
            ThemeMask[] masks = everyCombination ? null : snapshot.combos().masks(themeFilter(query, snapshot));
            long papers = query(PaperQueryBuilder.facetCountsFromCounters(masks, query.source(), false, true),
                    row -> row.getLong(4)).stream().mapToLong(Long::longValue).sum();
            return new PaperPage(items, nextCursor, papers, true);
        }
        int limit = config.page().countLimit();
        long counted = query(PaperQueryBuilder.count(query, snapshot.combos(), limit + 1), row -> row.getLong(1))
                .get(0);
        return new PaperPage(items, nextCursor, Math.min(counted, limit), counted <= limit);
    }

    /** The theme combinations a theme-only listing selects. */
    private static Predicate<ThemeMask> themeFilter(PaperQuery query, CatalogSnapshot snapshot) {
        ThemeMask themes = snapshot.maskOf(query.themes());
        Predicate<ThemeMask> byThemes;
        if (query.themes().isEmpty()) {
            byThemes = mask -> true;
        } else if (query.themeMatch() == ThemeFilterMode.ALL) {
            byThemes = mask -> mask.containsAll(themes);
        } else {
            byThemes = mask -> mask.intersects(themes);
        }
        long minRelated = query.minRelated();
        if (minRelated <= 0) {
            return byThemes;
        }
        Set<ThemeMask> reaching = new HashSet<>(List.of(snapshot.combos().masksWithRelatedAtLeast(minRelated)));
        return byThemes.and(reaching::contains);
    }

    private static PageCursor cursorAfter(SearchPages.Row last, PaperQuery query) {
        String filters = query.filterFingerprint();
        return switch (query.sort()) {
            case RECENT -> PageCursor.recent(filters, last.id(), last.ingestedAt());
            case TITLE -> PageCursor.title(filters, last.id(), last.title());
            case RELEVANCE -> PageCursor.relevance(filters, last.id(), last.rank(), last.window());
            case RELATED -> PageCursor.related(filters, last.id(), last.related());
        };
    }

    private List<PaperSummary> listItems(List<String> ids, CatalogSnapshot snapshot) {
        return listItems(ids, snapshot, new HashMap<>());
    }

    /**
     * The list form of these papers, in the order of the ids (unknown ids are skipped); {@code masks} receives each
     * one's theme mask.
     */
    private List<PaperSummary> listItems(List<String> ids, CatalogSnapshot snapshot, Map<String, ThemeMask> masks) {
        if (ids.isEmpty()) {
            return List.of();
        }
        QueryConfig.Page page = config.page();
        String[] idArray = ids.toArray(String[]::new);
        Map<String, List<ThemeScore>> themes = new HashMap<>();
        Map<String, Boolean> termsCut = new HashMap<>();
        query(new SqlStatement(LIST_ITEM_THEMES,
                List.<Object>of(limits.maxTitleLength(), page.itemMatchedTerms(), idArray)), row -> {
            String paperId = row.getString(1);
            List<String> matched = readJson(row.getString(4), STRINGS);
            themes.computeIfAbsent(paperId, k -> new ArrayList<>()).add(new ThemeScore(row.getString(2),
                    snapshot.label(row.getString(2)), row.getDouble(3), matched));
            if (row.getInt(5) > matched.size()) {
                termsCut.put(paperId, true);
            }
            return paperId;
        });
        Map<String, PaperSummary> items = new HashMap<>();
        query(new SqlStatement(LIST_ITEMS, List.<Object>of(limits.maxTitleLength(), page.itemSummaryLength(),
                limits.maxSourceLength(), limits.maxTitleLength(), page.itemRelatedKinds(), idArray)), row -> {
            String id = row.getString(1);
            Map<String, Long> related = readJson(row.getString(8), COUNTS);
            ThemeMask mask = ThemeMask.fromBytes(row.getBytes(11));
            masks.put(id, mask);
            boolean abridged = row.getBoolean(3) || row.getBoolean(5) || row.getBoolean(7)
                    || row.getLong(9) > related.size() || termsCut.containsKey(id);
            List<ThemeScore> scores = themes.getOrDefault(id, List.of()).stream()
                    .sorted(ThemeScore.STRONGEST_FIRST).toList();
            items.put(id, new PaperSummary(id, row.getString(2), row.getString(4), row.getString(6), related,
                    row.getObject(10, OffsetDateTime.class).toInstant(), scores,
                    snapshot.combos().relatedPapers(mask), abridged));
            return id;
        });
        return ids.stream().map(items::get).filter(Objects::nonNull).toList();
    }

    /**
     * The leading items whose JSON fits in {@code paperstream.query.page.max-bytes}; the first always fits, in its
     * minimal form if need be.
     */
    private <T> List<T> withinPageBytes(List<T> items, UnaryOperator<T> minimal) {
        long budget = config.page().maxBytes();
        List<T> kept = new ArrayList<>(items.size());
        for (T item : items) {
            long size = jsonBytes(item);
            if (size > budget && kept.isEmpty()) {
                // a page always shows its first paper, so that a listing moves on whatever it holds
                item = minimal.apply(item);
                size = jsonBytes(item);
            } else if (size > budget) {
                break;
            }
            kept.add(item);
            budget -= size;
        }
        return kept;
    }

    private long jsonBytes(Object item) {
        try {
            return json.writeValueAsBytes(item).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list item cannot be written as JSON", e);
        }
    }

    private <T> T readJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalog holds JSON it cannot read", e);
        }
    }

    private <T> List<T> query(SqlStatement sql, SearchPages.RowMapper<T> mapper) {
        return statements(db -> db.query(sql, mapper));
    }

    /** Runs {@link SearchPages}' statements on this transaction's connection. */
    private <T> T statements(SearchWork<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> work.run(SearchPages.on(connection)));
    }

    @FunctionalInterface
    private interface SearchWork<T> {
        T run(SearchPages.Statements db) throws SQLException;
    }

}
