package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paperstream.query.catalog.view.PaperPage;
import io.paperstream.query.catalog.view.PaperSummary;
import io.paperstream.query.catalog.write.CatalogWriter;
import io.paperstream.query.catalog.write.PaperChange;
import io.paperstream.query.catalog.write.PaperRow;
import io.paperstream.query.catalog.write.SearchIndex;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The listings {@link PaperQueryBuilder} plans, run on the real PostgreSQL: papers are written with the catalog's
 * own writer, and each listing must return exactly the papers (and order) computed here from those rows. Every
 * run has its own themes, source and ingestion times, so papers of other tests never match.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class PaperQueryBuilderTest {

    private static final String HOSTILE = "x'); DROP TABLE paper; --";
    private static final int PAPERS = 12;
    /** Small pages, so every listing is followed across several cursors. */
    private static final int PAGE = 3;
    private static final Duration INDEXING = Duration.ofSeconds(60);

    @Inject
    CatalogWriter writer;

    @Inject
    CatalogReader catalog;

    @Inject
    SearchIndex searchIndex;

    /** One set of papers for the class (each new slug takes one of the catalog's undefined-theme rows). */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String THEME_A = "pqb-" + RUN + "-a";
    private static final String THEME_B = "pqb-" + RUN + "-b";
    private static final String THEME_C = "pqb-" + RUN + "-c";
    private static final String SOURCE = "pqb-" + RUN;
    /** A word no other paper has: the full-text filter must find exactly the papers whose summary holds it. */
    private static final String WORD = "zorblax" + RUN.replaceAll("[^a-z]", "");
    private static final Instant BASE = Instant.parse("2003-01-01T00:00:00Z")
            .plusSeconds(Math.abs(RUN.hashCode() % 100_000));
    private static final List<PaperRow> ROWS = new ArrayList<>();

    @BeforeEach
    void writePapersOnce() {
        if (!ROWS.isEmpty()) {
            return;
        }
        List<PaperChange> changes = new ArrayList<>();
        for (int i = 0; i < PAPERS; i++) {
            List<PaperRow.Theme> themes = new ArrayList<>();
            if (i % 2 == 0) {
                themes.add(theme(THEME_A));
            }
            if (i % 3 == 0) {
                themes.add(theme(THEME_B));
            }
            if (i == 5) {
                themes.add(theme(THEME_C));
            }
            // titles in an order unlike the ingestion order, plain lowercase so every collation agrees
            String title = "paper " + (char) ('a' + (i * 5) % PAPERS) + " of run " + RUN;
            String summary = i % 4 == 1 ? "About the " + WORD + " effect." : "About something else.";
            PaperRow row = new PaperRow(SOURCE + "-" + i, title, summary, SOURCE, "digest-" + RUN, i + 1, "{}",
                    BASE.plusSeconds(3600L * i), BASE.plusSeconds(3600L * i + 1), "v", themes);
            ROWS.add(row);
            changes.add(new PaperChange.Upsert(row, 0));
        }
        writer.write(changes);
    }

    @Test
    void oneThemeNewestFirst() {
        assertListing(query(List.of(THEME_A), ThemeFilterMode.ALL, null, 0, null, null, null, PaperSort.RECENT),
                row -> slugs(row).contains(THEME_A), newestFirst());
    }

    @Test
    void severalThemesWithAllMeansEveryOneAndWithAnyAtLeastOne() {
        assertListing(query(List.of(THEME_B, THEME_A), ThemeFilterMode.ALL, null, 0, null, null, null,
                PaperSort.TITLE),
                row -> slugs(row).containsAll(Set.of(THEME_A, THEME_B)), byTitle());
        assertListing(query(List.of(THEME_B, THEME_A), ThemeFilterMode.ANY, null, 0, null, null, null,
                PaperSort.TITLE),
                row -> slugs(row).contains(THEME_A) || slugs(row).contains(THEME_B), byTitle());
    }

    @Test
    void minRelatedKeepsThePapersThatShareAThemeWithEnoughOthersAndSortByRelatedCountsThem() {
        long minRelated = 4;
        PaperQuery query = query(List.of(THEME_A, THEME_B, THEME_C), ThemeFilterMode.ANY, null, minRelated, null,
                null, null, PaperSort.RELATED);
        Comparator<PaperRow> mostRelatedFirst = Comparator.comparingLong(PaperQueryBuilderTest::related).reversed()
                .thenComparing(PaperRow::id);

        List<PaperSummary> items = assertListing(query, row -> !slugs(row).isEmpty() && related(row) >= minRelated,
                mostRelatedFirst);

        for (PaperSummary item : items) {
            assertThat(item.relatedPapers()).as(item.id()).isEqualTo(related(row(item.id())));
        }
    }

    @Test
    void sourceAndAHalfOpenIngestionWindow() {
        Instant after = BASE.plusSeconds(3600L * 3);
        Instant before = BASE.plusSeconds(3600L * 8);
        assertListing(query(List.of(), ThemeFilterMode.ALL, null, 0, SOURCE, after, before, PaperSort.RECENT),
                row -> !row.ingestedAt().isBefore(after) && row.ingestedAt().isBefore(before), newestFirst());
    }

    @Test
    void fullTextFindsThePapersThatHoldTheWord() {
        await().atMost(INDEXING).until(() -> {
            searchIndex.indexPending(100);
            return searchIndex.pending() == 0;
        });
        assertListing(query(List.of(), ThemeFilterMode.ALL, WORD, 0, SOURCE, null, null, PaperSort.TITLE),
                row -> row.summary().contains(WORD), byTitle());
        List<String> relevance = ids(query(List.of(), ThemeFilterMode.ALL, WORD, 0, SOURCE, null, null,
                PaperSort.RELEVANCE));
        assertThat(relevance).containsExactlyInAnyOrderElementsOf(
                ROWS.stream().filter(row -> row.summary().contains(WORD)).map(PaperRow::id).toList());
    }

    @Test
    void userTextIsOnlyEverAValue() {
        assertThat(ids(query(List.of(), ThemeFilterMode.ALL, HOSTILE, 0, HOSTILE, null, null, PaperSort.TITLE)))
                .isEmpty();
        // the table is still there, with every paper
        assertListing(query(List.of(), ThemeFilterMode.ALL, null, 0, SOURCE, null, null, PaperSort.RECENT),
                row -> true, newestFirst());
    }

    /**
     * Follows the listing across its pages and checks it returns exactly the rows that {@code expected} selects, in
     * {@code order}, with the exact total when only themes filter.
     */
    private List<PaperSummary> assertListing(PaperQuery query, Predicate<PaperRow> expected,
            Comparator<PaperRow> order) {
        List<String> wanted = ROWS.stream().filter(expected).sorted(order).map(PaperRow::id).toList();
        assertThat(wanted).as("the data must select some papers, or the check is empty").isNotEmpty();
        List<PaperSummary> items = pages(query);
        assertThat(items).extracting(PaperSummary::id).containsExactlyElementsOf(wanted);
        if (query.filtersOnlyByThemes()) {
            assertThat(catalog.page(query).total()).isEqualTo(wanted.size());
        }
        return items;
    }

    private List<String> ids(PaperQuery query) {
        return pages(query).stream().map(PaperSummary::id).toList();
    }

    private List<PaperSummary> pages(PaperQuery first) {
        List<PaperSummary> items = new ArrayList<>();
        PaperQuery query = first;
        for (int page = 0; page <= PAPERS; page++) {
            PaperPage answer = catalog.page(query);
            items.addAll(answer.items());
            if (answer.nextCursor() == null) {
                return items;
            }
            PageCursor next = CursorCodec.decode(answer.nextCursor(), query.sort(), query.filterFingerprint());
            query = new PaperQuery(query.themes(), query.themeMatch(), query.text(), query.minRelated(),
                    query.source(), query.ingestedAfter(), query.ingestedBefore(), query.sort(), query.limit(), next);
        }
        throw new AssertionError("more pages than papers: the cursor does not advance");
    }

    private static PaperQuery query(List<String> themes, ThemeFilterMode match, String text, long minRelated,
            String source, Instant after, Instant before, PaperSort sort) {
        return new PaperQuery(themes, match, text, minRelated, source, after, before, sort, PAGE, null);
    }

    /** The papers of this run sharing a theme with {@code paper}, itself excepted (the run's themes are its own). */
    private static long related(PaperRow paper) {
        Set<String> mine = slugs(paper);
        return ROWS.stream().filter(other -> !other.id().equals(paper.id()))
                .filter(other -> slugs(other).stream().anyMatch(mine::contains)).count();
    }

    private static PaperRow row(String id) {
        return ROWS.stream().filter(row -> row.id().equals(id)).findFirst().orElseThrow();
    }

    private static Set<String> slugs(PaperRow row) {
        Map<String, Boolean> slugs = new HashMap<>();
        row.themes().forEach(theme -> slugs.put(theme.slug(), true));
        return slugs.keySet();
    }

    private static Comparator<PaperRow> newestFirst() {
        return Comparator.comparing(PaperRow::ingestedAt).reversed().thenComparing(PaperRow::id,
                Comparator.reverseOrder());
    }

    private static Comparator<PaperRow> byTitle() {
        return Comparator.comparing(PaperRow::title).thenComparing(PaperRow::id);
    }

    private static PaperRow.Theme theme(String slug) {
        return new PaperRow.Theme(slug, 0.9, "[\"" + slug + "\"]");
    }
}
