package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.bits.ThemeMask;


class PaperQueryBuilderTest {

    private static final String HOSTILE = "x'); DROP TABLE paper; --";
    /** Three combinations: {bit0} x2, {bit0,bit1} x1, {bit70} x1 (a bit past 64). */
    private static final ThemeCombos COMBOS = new ThemeCombos(Map.of(ThemeMask.of(0), 2L, ThemeMask.of(0, 1), 1L,
            ThemeMask.of(70), 1L));

    @Test
    void theDefaultListingWalksTheRecencyIndexAndFetchesOneRowMore() {
        SqlStatement sql = PaperQueryBuilder.page(query(List.of(), ThemeFilterMode.ALL, null, 0, PaperSort.RECENT, null),
                COMBOS);
        assertThat(sql.sql()).contains("FROM paper p").doesNotContain("WHERE")
                .endsWith("ORDER BY p.ingested_at DESC, p.id DESC LIMIT ?");
        assertThat(sql.params()).containsExactly(21);
    }

    @Test
    void userTextOnlyEverTravelsAsParameters() {
        PaperQuery query = new PaperQuery(List.of(HOSTILE), ThemeFilterMode.ALL, HOSTILE, 0, HOSTILE,
                Instant.EPOCH, Instant.EPOCH.plusSeconds(1), PaperSort.TITLE, 5,
                PageCursor.title("f", HOSTILE, HOSTILE));
        for (SqlStatement sql : List.of(PaperQueryBuilder.page(query, COMBOS), PaperQueryBuilder.count(query, COMBOS,
                100))) {
            assertThat(sql.sql()).doesNotContain("DROP").doesNotContain("x'");
            assertThat(placeholders(sql.sql())).isEqualTo(sql.params().size());
            assertThat(sql.params()).contains(HOSTILE);
        }
    }

    @Test
    void newestFirstInOneThemeReadsThatThemesIndexRange() {
        PaperQuery query = query(List.of("reasoning"), ThemeFilterMode.ALL, null, 0, PaperSort.RECENT,
                PageCursor.recent("f", "last-id", Instant.EPOCH));
        SqlStatement sql = PaperQueryBuilder.page(query, COMBOS);
        assertThat(sql.sql()).contains("FROM paper_theme d JOIN paper p ON p.id = d.paper_id", "d.slug = ?",
                "(d.ingested_at, d.paper_id) < (?, ?)").endsWith("ORDER BY d.ingested_at DESC, d.paper_id DESC LIMIT ?");
        assertThat(sql.params()).containsExactly("reasoning", Instant.EPOCH, "last-id", 21);
    }

    @Test
    void severalThemesCombineWithAllOrAny() {
        SqlStatement all = PaperQueryBuilder.page(query(List.of("b", "a"), ThemeFilterMode.ALL, null, 0,
                PaperSort.TITLE, null), COMBOS);
        assertThat(all.sql().split("EXISTS", -1)).hasSize(3);
        assertThat(all.params()).containsExactly("a", "b", 21);

        SqlStatement any = PaperQueryBuilder.page(query(List.of("b", "a"), ThemeFilterMode.ANY, null, 0,
                PaperSort.RECENT, null), COMBOS);
        assertThat(any.sql()).contains("t.slug = ANY(?::text[])").contains("FROM paper p");
        assertThat((String[]) any.params().get(0)).containsExactly("a", "b");
    }

    @Test
    void textSearchUsesTheIndexedVectorAndRanksForRelevance() {
        PaperQuery query = query(List.of(), ThemeFilterMode.ALL, "model collapse", 0, PaperSort.RELEVANCE,
                PageCursor.relevance("f", "id-9", 0.5f));
        SqlStatement sql = PaperQueryBuilder.page(query, COMBOS);
        assertThat(sql.sql()).contains("CROSS JOIN websearch_to_tsquery('english', ?) AS q(query)",
                "JOIN paper_search s ON s.paper_id = p.id", "s.search @@ q.query", "ts_rank_cd(s.search, q.query) < ?::real")
                .endsWith("ORDER BY rank DESC, p.id LIMIT ?");
        assertThat(sql.params()).containsExactly("model collapse", 0.5f, 0.5f, "id-9", 21);
    }

    @Test
    void minRelatedBecomesTheCombinationsThatReachIt() {
        // related: {bit0} -> 3-1 = 2, {bit0,bit1} -> 2, {bit70} -> 0
        SqlStatement sql = PaperQueryBuilder.page(query(List.of(), ThemeFilterMode.ALL, null, 2, PaperSort.RECENT, null),
                COMBOS);
        assertThat(sql.sql()).contains("p.theme_mask = ANY(?::bytea[])");
        assertThat((ThemeMask[]) sql.params().get(0)).containsExactlyInAnyOrder(ThemeMask.of(0), ThemeMask.of(0, 1));
    }

    @Test
    void sortByRelatedJoinsTheCountsOfEveryCombination() {
        SqlStatement sql = PaperQueryBuilder.page(query(List.of(), ThemeFilterMode.ALL, null, 0, PaperSort.RELATED,
                PageCursor.related("f", "id", 2)), COMBOS);
        assertThat(sql.sql()).contains("LEFT JOIN unnest(?::bytea[], ?::bigint[]) AS r(mask, related_papers)",
                "COALESCE(r.related_papers, 0) < ?").endsWith("ORDER BY related_papers DESC, p.id LIMIT ?");
        ThemeMask[] masks = (ThemeMask[]) sql.params().get(0);
        long[] related = (long[]) sql.params().get(1);
        for (int i = 0; i < masks.length; i++) {
            assertThat(related[i]).isEqualTo(COMBOS.relatedPapers(masks[i]));
        }
    }

    @Test
    void titleOrderFollowsTheBoundedPrefixIndex() {
        SqlStatement sql = PaperQueryBuilder.page(query(List.of(), ThemeFilterMode.ALL, null, 0, PaperSort.TITLE,
                PageCursor.title("f", "id-3", "Some title")), COMBOS);
        String key = "left(p.title, " + PaperQueryBuilder.TITLE_SORT_CHARACTERS + ")";
        assertThat(sql.sql()).contains("(" + key + ", p.id) > (?, ?)").endsWith("ORDER BY " + key + ", p.id LIMIT ?");
        assertThat(sql.params()).containsExactly("Some title", "id-3", 21);
    }

    @Test
    void theCountStopsAtItsCapAndIgnoresThePosition() {
        PaperQuery query = new PaperQuery(List.of(), ThemeFilterMode.ALL, "agents", 0, "arxiv", null, null,
                PaperSort.RECENT, 20, PageCursor.recent("f", "id", Instant.EPOCH));
        SqlStatement sql = PaperQueryBuilder.count(query, COMBOS, 1_001);
        assertThat(sql.sql()).startsWith("SELECT count(*) FROM (SELECT 1").endsWith("LIMIT ?) AS matching")
                .doesNotContain("ORDER BY").doesNotContain("< (?, ?)");
        // the source twice: the index's prefix, then the whole source
        assertThat(sql.params()).containsExactly("agents", "arxiv", "arxiv", 1_001);
    }

    @Test
    void aTextOnlyCountReadsTheVectorsAlone() {
        PaperQuery query = query(List.of(), ThemeFilterMode.ALL, "agents", 0, PaperSort.RELEVANCE, null);
        SqlStatement sql = PaperQueryBuilder.count(query, COMBOS, 1_001);
        assertThat(sql.sql()).contains("FROM paper_search s").doesNotContain("paper p");
        assertThat(sql.params()).containsExactly("agents", 1_001);
    }

    @Test
    void timeBoundsAreHalfOpen() {
        PaperQuery query = new PaperQuery(List.of(), ThemeFilterMode.ALL, null, 0, null, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60), PaperSort.RECENT, 20, null);
        assertThat(PaperQueryBuilder.page(query, COMBOS).sql()).contains("p.ingested_at >= ?", "p.ingested_at < ?");
    }

    private static PaperQuery query(List<String> themes, ThemeFilterMode match, String text, long minRelated,
            PaperSort sort, PageCursor after) {
        return new PaperQuery(themes, match, text, minRelated, null, null, null, sort, 20, after);
    }

    private static int placeholders(String sql) {
        return (int) sql.chars().filter(c -> c == '?').count();
    }
}
