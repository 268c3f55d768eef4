package io.paperstream.query.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.micrometer.core.annotation.Timed;
import io.paperstream.query.catalog.query.CursorCodec;
import io.paperstream.query.catalog.query.PageCursor;
import io.paperstream.query.catalog.query.PaperQuery;
import io.paperstream.query.catalog.query.PaperQueryBuilder;
import io.paperstream.query.catalog.query.SqlStatement;
import io.paperstream.query.catalog.query.ThemeMatch;
import io.paperstream.query.config.QueryConfig;

/** Reads the catalog: listings, papers, related papers, themes. */
@ApplicationScoped
@Transactional
public class CatalogReader {

    private static final String TIMER = "paperstream.query.catalog";

    private static final String RELATED_CANDIDATES = """
            SELECT id FROM paper WHERE theme_mask = ANY(?::bigint[]) AND id <> ?
            ORDER BY ingested_at DESC, id DESC LIMIT ?
            """;

    private static final String COUNT_PAPERS_OF_THEMES = """
            SELECT slug, count(*) FROM paper_theme WHERE slug = ANY(?::text[]) GROUP BY slug
            """;

    @Inject
    EntityManager entityManager;

    @Inject
    CatalogSnapshots snapshots;

    @Inject
    QueryConfig config;

    /** The themes, labels and combinations as of now. */
    public CatalogSnapshot snapshot() {
        return snapshots.current();
    }

    @Timed(value = TIMER, extraTags = {"operation", "list"}, histogram = true)
    public PaperPage page(PaperQuery query) {
        CatalogSnapshot snapshot = snapshots.current();
        List<PageRow> rows = query(PaperQueryBuilder.page(query, snapshot.combos()), row -> new PageRow(
                row.getString(1), row.getObject(2, OffsetDateTime.class).toInstant(), row.getString(3),
                row.getObject(4, Float.class), row.getObject(5, Long.class)));
        boolean more = rows.size() > query.limit();
        if (more) {
            rows = rows.subList(0, query.limit());
        }
        List<PaperSummary> items = assemble(rows.stream().map(PageRow::id).toList(), snapshot).stream()
                .map(Assembled::summary).toList();
        String nextCursor = more ? CursorCodec.encode(cursorAfter(rows.get(rows.size() - 1), query)) : null;
        return total(query, snapshot, items, nextCursor);
    }

    @Timed(value = TIMER, extraTags = {"operation", "paper"}, histogram = true)
    public Optional<PaperDetail> paper(String id) {
        CatalogSnapshot snapshot = snapshots.current();
        return assemble(List.of(id), snapshot).stream().findFirst().map(found -> {
            Paper paper = found.paper();
            PaperSummary summary = found.summary();
            return new PaperDetail(paper.id, paper.title, paper.summary, paper.source, paper.related,
                    paper.ingestedAt, summary.themes(), summary.relatedPapers(), paper.digestId, paper.line,
                    paper.enrichedAt, paper.taxonomyVersion, paper.materializedSeq, paper.materializedAt);
        });
    }

    /**
     * Papers sharing themes with this one: by number of shared themes, then newest. A theme combination fixes the
     * number of shared themes, so each level is one indexed query over the combinations at that level.
     */
    @Timed(value = TIMER, extraTags = {"operation", "related"}, histogram = true)
    public Optional<RelatedPapers> related(String id, int limit) {
        Paper paper = Paper.findById(id);
        if (paper == null) {
            return Optional.empty();
        }
        CatalogSnapshot snapshot = snapshots.current();
        long mask = paper.themeMask;
        TreeMap<Integer, List<Long>> combosByShared = new TreeMap<>(Comparator.reverseOrder());
        if (mask != 0) {
            for (long combo : snapshot.combos().masks(m -> (m & mask) != 0)) {
                combosByShared.computeIfAbsent(Long.bitCount(combo & mask), k -> new ArrayList<>()).add(combo);
            }
        }
        List<String> ids = new ArrayList<>();
        for (List<Long> combos : combosByShared.values()) {
            if (ids.size() >= limit) {
                break;
            }
            long[] level = combos.stream().mapToLong(Long::longValue).toArray();
            ids.addAll(query(new SqlStatement(RELATED_CANDIDATES, List.<Object>of(level, id, limit - ids.size())),
                    row -> row.getString(1)));
        }
        List<RelatedPaper> items = assemble(ids, snapshot).stream().map(found -> {
            List<String> shared = snapshot.slugsOf(found.paper().themeMask & mask);
            return new RelatedPaper(found.summary(), shared, shared.size());
        }).toList();
        return Optional.of(new RelatedPapers(id, items));
    }

    @Timed(value = TIMER, extraTags = {"operation", "themes"}, histogram = true)
    public List<ThemeSummary> themes() {
        CatalogSnapshot snapshot = snapshots.current();
        List<String> withoutBit = snapshot.themes().values().stream().filter(theme -> theme.bit() == null)
                .map(CatalogTheme::slug).toList();
        Map<String, Long> countedInTable = withoutBit.isEmpty() ? Map.of()
                : query(new SqlStatement(COUNT_PAPERS_OF_THEMES, List.<Object>of(withoutBit.toArray(String[]::new))),
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

    private PaperPage total(PaperQuery query, CatalogSnapshot snapshot, List<PaperSummary> items, String nextCursor) {
        if (query.filtersOnlyByThemes() && snapshot.allHaveBits(query.themes())) {
            return new PaperPage(items, nextCursor, snapshot.combos().countPapers(themeFilter(query, snapshot)), true);
        }
        int limit = config.page().countLimit();
        long counted = query(PaperQueryBuilder.count(query, snapshot.combos(), limit + 1), row -> row.getLong(1))
                .get(0);
        return new PaperPage(items, nextCursor, Math.min(counted, limit), counted <= limit);
    }

    /** The theme combinations a theme-only listing selects. */
    private static LongPredicate themeFilter(PaperQuery query, CatalogSnapshot snapshot) {
        long themes = snapshot.maskOf(query.themes());
        LongPredicate byThemes;
        if (query.themes().isEmpty()) {
            byThemes = mask -> true;
        } else if (query.themeMatch() == ThemeMatch.ALL) {
            byThemes = mask -> (mask & themes) == themes;
        } else {
            byThemes = mask -> (mask & themes) != 0;
        }
        long minRelated = query.minRelated();
        return minRelated <= 0 ? byThemes
                : byThemes.and(mask -> snapshot.combos().relatedPapers(mask) >= minRelated);
    }

    private static PageCursor cursorAfter(PageRow last, PaperQuery query) {
        String filters = query.filterFingerprint();
        return switch (query.sort()) {
            case RECENT -> PageCursor.recent(filters, last.id(), last.ingestedAt());
            case TITLE -> PageCursor.title(filters, last.id(), last.title());
            case RELEVANCE -> PageCursor.relevance(filters, last.id(), last.rank());
            case RELATED -> PageCursor.related(filters, last.id(), last.related());
        };
    }

    /** Entities and summaries of these papers, in the order of the ids (unknown ids are skipped). */
    private List<Assembled> assemble(List<String> ids, CatalogSnapshot snapshot) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Paper> papers = Paper.withIds(ids).stream().collect(Collectors.toMap(p -> p.id, p -> p));
        Map<String, List<ThemeScore>> themes = new HashMap<>();
        for (PaperTheme theme : PaperTheme.ofPapers(ids)) {
            themes.computeIfAbsent(theme.paperId, k -> new ArrayList<>()).add(
                    new ThemeScore(theme.slug, snapshot.label(theme.slug), theme.score, theme.matched));
        }
        List<Assembled> assembled = new ArrayList<>(ids.size());
        for (String id : ids) {
            Paper paper = papers.get(id);
            if (paper != null) {
                List<ThemeScore> scores = themes.getOrDefault(id, List.of()).stream()
                        .sorted(ThemeScore.STRONGEST_FIRST).toList();
                assembled.add(new Assembled(paper, new PaperSummary(paper.id, paper.title, paper.summary,
                        paper.source, paper.related, paper.ingestedAt, scores,
                        snapshot.combos().relatedPapers(paper.themeMask))));
            }
        }
        return assembled;
    }

    private <T> List<T> query(SqlStatement sql, RowMapper<T> mapper) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<T> results = new ArrayList<>();
            try (PreparedStatement statement = sql.prepare(connection); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    results.add(mapper.map(rows));
                }
            }
            return results;
        });
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private record PageRow(String id, Instant ingestedAt, String title, Float rank, Long related) {
    }

    private record Assembled(Paper paper, PaperSummary summary) {
    }
}
