package io.paperstream.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.Digests;
import io.paperstream.client.Http;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;
import io.paperstream.e2e.corpus.SyntheticPapers;
import io.paperstream.e2e.harness.PipelineHarness;

/**
 * The catalog page served by query-service at {@code /}, driven in a real headless Chromium against the whole
 * pipeline (broker, PostgreSQL and the three packaged services as processes): the seed is ingested through
 * ingest's {@code POST /digests}, then a reader searches, filters, sorts, pages, opens a paper with its
 * highlighted terms and related papers, and watches a theme's live stream receive new papers.
 * <p>
 * Every expectation is read from the catalog's JSON API at the moment of the check, so the test holds whatever
 * the tagger decides. Screenshots of each step land in {@code e2e-tests/target/screenshots/}.
 * Skipped (with the reason) where Chromium is not installed, unless {@code PAPERSTREAM_REQUIRE_BROWSER=1}.
 */
@ExtendWith(RequiresChromium.class)
class CatalogPageBrowserTest {

    /** Enrichment and materialization of a few dozen papers on a loaded 2-core machine. */
    static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(120);
    /** One step of the page: a fetch and a render. */
    static final Duration UI_TIMEOUT = Duration.ofSeconds(60);
    /** Enough extra papers that the catalog needs more than one page of the UI. */
    static final int SYNTHETIC_PAPERS = 30;
    static final long SYNTHETIC_SEED = 20_261_126L;
    static final int NARROW_WIDTH = 420;
    static final int NARROW_HEIGHT = 900;
    static final String MISSING_PAPER_ID = "ffffffffffffffffffffffffffffffff";
    static final String NO_SUCH_WORD = "zqxjvwk";
    /** The page writes counts in English ("1,234"). */
    static final Locale PAGE_LOCALE = Locale.ENGLISH;

    /** The topic of the papers posted for the live panel; what themes they get is the tagger's call. */
    static final String LIVE_SUMMARY = "This paper studies reinforcement learning for large language models: the"
            + " policy is trained with PPO and GRPO on verifiable rewards, and we analyse reward-driven training"
            + " across several RL environments.";

    static PipelineHarness harness;
    static WebDriver driver;
    static CatalogPage page;
    static List<PaperRecord> seed;

    @RegisterExtension
    static final TestWatcher EVIDENCE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (page != null) {
                System.out.println("[browser] screenshot of the failure: "
                        + page.screenshot("failed-" + context.getRequiredTestMethod().getName()));
            }
            if (harness != null) {
                System.out.println(harness.logTails(40));
            }
        }
    };

    @BeforeAll
    static void startPipelineAndBrowser() {
        // RequiresChromium lets the class run without a browser only when one is required: fail, saying why.
        HeadlessChromium.missing().ifPresent(reason ->
                fail(reason + " (" + HeadlessChromium.REQUIRE_BROWSER_ENV + "=1 requires the browser)"));
        harness = PipelineHarness.shared();
        harness.startFresh("catalog-page");
        seed = Digests.read(harness.layout().seedDigest());
        List<PaperRecord> papers = new ArrayList<>(seed);
        papers.addAll(SyntheticPapers.generate(SYNTHETIC_PAPERS, "browser", SYNTHETIC_SEED));
        ingest(papers);
        Path work = harness.layout().workDir();
        driver = HeadlessChromium.start(work.resolve("chromium"),
                work.resolve("e2e-logs").resolve("catalog-page").resolve("chromedriver.log"));
        page = new CatalogPage(driver, harness.query().uri("/"), work.resolve("screenshots"), UI_TIMEOUT);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void readerPagesSearchesSortsFiltersAndOpensAPaperWithItsHighlightsAndRelatedPapers() {
        page.open("");
        page.awaitFacets();
        int pageSize = page.pageSize();

        // the whole catalog, newest first, one page at a time
        Map<String, String> filters = new LinkedHashMap<>();
        JsonNode first = papers(filters, page.sortValue(), pageSize, null);
        page.awaitListed(ids(first), "the first page of the catalog");
        assertThat(page.resultStatus()).startsWith(number(first.path("total").asLong()) + " papers");
        assertThat(first.path("total").asLong())
                .as("the catalog holds more than one page, so paging is tested").isGreaterThan(pageSize);
        assertThat(themeCounts()).allSatisfy((slug, count) -> assertThat(page.facetCount(slug))
                .as("facet count of %s", slug).isEqualTo(count));
        page.screenshot("01-catalog");

        assertThat(page.moreVisible()).as("a More button while there is a next cursor").isTrue();
        page.clickMore();
        JsonNode second = papers(filters, page.sortValue(), pageSize, first.path("nextCursor").asText());
        page.awaitListed(concat(ids(first), ids(second)), "the first two pages");
        page.screenshot("02-more");

        // a full-text search for a word of the seed paper with the most highlighted evidence
        JsonNode chosen = paperWithMostEvidence();
        String word = searchWordOf(chosen);
        page.search(word);
        page.awaitRoute("q=" + word);
        filters.put("q", word);
        JsonNode found = papers(filters, page.sortValue(), pageSize, null);
        page.awaitListed(ids(found), "the search for '" + word + "'");
        assertThat(ids(found)).as("the search for '%s' finds the paper it was taken from", word)
                .contains(chosen.path("id").asText());
        page.screenshot("03-search");

        page.sortBy("title");
        page.awaitRoute("sort=title");
        JsonNode byTitle = papers(filters, "title", pageSize, null);
        page.awaitListed(ids(byTitle), "the search sorted by title");

        // narrowed to the chosen paper's strongest theme
        String theme = strongestTheme(chosen);
        page.toggleTheme(theme);
        page.awaitRoute("theme=" + theme);
        filters.put("theme", theme);
        JsonNode filtered = papers(filters, "title", pageSize, null);
        page.awaitListed(ids(filtered), "the search in theme " + theme);
        assertThat(ids(filtered)).contains(chosen.path("id").asText());
        assertThat(page.allByTestId("paper-item")).allSatisfy(item -> assertThat(
                item.findElements(By.cssSelector("[data-testid='theme-chip'][data-theme='" + theme + "']")))
                .as("every listed paper shows the %s chip", theme).isNotEmpty());
        page.screenshot("04-filtered");

        // the paper: highlighted evidence, the digest's related counts, related papers
        String id = chosen.path("id").asText();
        page.openListedPaper(id);
        page.awaitPaperTitled(chosen.path("title").asText());
        assertThat(page.hash()).isEqualTo("#/papers/" + id);
        assertHighlights(chosen, page.paperSummary(), chosen.path("summary").asText());
        assertHighlights(chosen, page.paperTitle(), chosen.path("title").asText());
        assertThat(page.relatedCounts()).as("the digest's related counts")
                .isEqualTo(longs(chosen.path("related")));
        List<String> related = relatedIds(id);
        page.await("the related papers of the paper", d -> related.equals(page.relatedPaperIds()));
        page.screenshot("05-paper");

        if (!related.isEmpty()) {
            JsonNode other = api("/papers/" + related.get(0));
            page.openRelatedPaper(related.get(0));
            page.awaitPaperTitled(other.path("title").asText());
            page.screenshot("06-related-paper");
        }

        page.backToList();
        page.awaitListed(ids(filtered), "back to the filtered list");
        assertThat(page.hash()).contains("theme=" + theme).contains("q=" + word);
    }

    @Test
    void severalThemesCombineWithAllOrAny() {
        page.open("");
        page.awaitFacets();
        int pageSize = page.pageSize();
        List<String> themes = themeCounts().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(2).map(Map.Entry::getKey).toList();
        assertThat(themes).as("the seed and the synthetic papers carry at least two themes").hasSize(2);

        page.toggleTheme(themes.get(0));
        page.toggleTheme(themes.get(1));
        page.awaitRoute("theme=" + themes.get(1));
        assertThat(page.hash()).contains("theme=" + themes.get(0));
        JsonNode all = papersInThemes(themes, "all", page.sortValue(), pageSize);
        page.awaitListed(ids(all), "papers in all of " + themes);
        page.screenshot("07-themes-all");

        page.matchThemes("any");
        page.awaitRoute("themeMatch=any");
        JsonNode any = papersInThemes(themes, "any", page.sortValue(), pageSize);
        page.awaitListed(ids(any), "papers in any of " + themes);
        assertThat(any.path("total").asLong()).isGreaterThanOrEqualTo(all.path("total").asLong());
        assertThat(page.resultStatus()).startsWith(number(any.path("total").asLong()) + " paper");
        page.screenshot("08-themes-any");
    }

    @Test
    void livePanelShowsNewPapersOfTheWatchedThemeNewestFirst() {
        // A probe with the live papers' topic tells which theme the tagger gives them.
        PaperRecord probe = livePaper(0);
        ingest(List.of(probe));
        String theme = strongestTheme(api("/papers/" + probe.expectedId()));

        page.open("");
        page.awaitFacets();
        page.watchTheme(theme);
        page.await("the live stream of " + theme + " is open", d -> "open".equals(page.liveState()));

        PaperRecord older = livePaper(1);
        ingest(List.of(older));
        awaitLive(older, theme);
        PaperRecord newer = livePaper(2);
        ingest(List.of(newer));
        awaitLive(newer, theme);

        List<String> live = page.liveIds();
        assertThat(live).as("each paper once").doesNotHaveDuplicates();
        assertThat(live.get(0)).as("the newest paper is on top").isEqualTo(newer.expectedId());
        assertThat(live.indexOf(older.expectedId())).as("the older paper is below it").isGreaterThan(0);
        assertThat(page.byId("live-list").getDomAttribute("aria-live")).isEqualTo("polite");
        page.screenshot("09-live");

        assertThat(page.textContent(page.liveLink(newer.expectedId()))).isEqualTo(newer.title());
        page.openLivePaper(newer.expectedId());
        page.awaitPaperTitled(newer.title());
        assertThat(page.childTags(page.paperTitle())).as("the title's markup is text").allMatch("mark"::equals);
        assertThat(page.liveIds()).as("opening a paper keeps the live panel").contains(newer.expectedId());
        Map<String, Long> digestRelated = longs(api("/papers/" + newer.expectedId()).path("related"));
        assertThat(digestRelated).as("the digest's Related line of the live paper").isNotEmpty();
        assertThat(page.relatedCounts()).isEqualTo(digestRelated);
    }

    @Test
    void keyboardAndAccessibilityBasics() {
        page.open("");
        page.awaitFacets();
        assertThat(page.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(page.script("""
                return [...document.querySelectorAll('input, select')]
                  .filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.id || e.name);"""))
                .as("inputs without a label").asList().isEmpty();

        // the first Tab reaches the skip link, visibly focused; Enter moves to the papers
        new Actions(driver).sendKeys(Keys.TAB).perform();
        WebElement focused = driver.switchTo().activeElement();
        assertThat(focused.getDomAttribute("class")).contains("skip-link");
        assertThat(page.script("return getComputedStyle(document.activeElement).outlineStyle"))
                .as("keyboard focus is visible").isEqualTo("solid");
        focused.sendKeys(Keys.ENTER);
        page.await("the skip link moves focus to the papers",
                d -> "main".equals(driver.switchTo().activeElement().getDomAttribute("id")));

        // a facet toggles with the space bar
        String theme = themeCounts().keySet().iterator().next();
        page.facet(theme).sendKeys(Keys.SPACE);
        page.awaitRoute("theme=" + theme);
        page.screenshot("10-keyboard");
    }

    /** Issue 15: a malformed percent-encoding threw URIError in app.js and no view was shown. */
    @Test
    void aMalformedAddressShowsANotFoundView() {
        String malformed = "#/papers/%E0%A4%A";
        page.open(malformed);
        page.await("the malformed address is explained", d -> page.byId("paper-error").isDisplayed());
        assertThat(page.byId("paper-error").getText()).contains("malformed").contains("%E0%A4%A");
        assertThat(page.byId("catalog-view").isDisplayed()).isFalse();
        // the page still works: the back link leads to the catalog, and an in-page move to a malformed address too
        page.byId("back-link").click();
        page.await("the catalog is shown again", d -> page.byId("catalog-view").isDisplayed());
        page.script("location.hash = arguments[0]", "#/papers/%ZZ");
        page.await("an in-page malformed address is explained", d -> page.byId("paper-error").isDisplayed()
                && page.byId("paper-error").getText().contains("%ZZ"));
    }

    @Test
    void narrowScreenShowsOneColumnAndClearErrorAndEmptyStates() {
        Dimension wide = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(NARROW_WIDTH, NARROW_HEIGHT));
        try {
            // an unknown paper: the problem+json detail is what the reader sees
            HttpResponse<String> missing = Http.get(harness.query().uri("/papers/" + MISSING_PAPER_ID));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Http.contentType(missing)).startsWith("application/problem+json");
            String detail = Http.json(missing.body()).path("detail").asText();
            page.open("#/papers/" + MISSING_PAPER_ID);
            page.await("the paper view shows the problem", d -> page.byId("paper-error").isDisplayed());
            assertThat(page.byId("paper-error").getText()).contains(detail);
            assertThat(page.byId("theme-filters").getDomProperty("open"))
                    .as("the long theme list starts folded on a narrow screen").isEqualTo("false");
            page.scrollIntoView(page.byId("paper-error"));
            page.screenshot("11-narrow-missing-paper");

            Rectangle filters = page.region("aside.filters");
            Rectangle main = page.region("main");
            Rectangle live = page.region("aside.live");
            assertThat(List.of(main.getX(), live.getX())).as("one column").allSatisfy(x ->
                    assertThat(x).isEqualTo(filters.getX()));
            assertThat(main.getY()).isGreaterThanOrEqualTo(filters.getY() + filters.getHeight());
            assertThat(live.getY()).isGreaterThanOrEqualTo(main.getY() + main.getHeight());
            assertThat(page.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no horizontal scrolling").isEqualTo(true);

            // a search that finds nothing says so
            JsonNode none = papers(Map.of("q", NO_SUCH_WORD), "relevance", page.pageSize(), null);
            assertThat(none.path("total").asLong()).isZero();
            page.open("#/?q=" + NO_SUCH_WORD);
            page.await("the empty state", d -> page.byId("empty-state").isDisplayed());
            assertThat(page.resultStatus()).startsWith("0 papers");
            page.scrollIntoView(page.byId("catalog-heading"));
            page.screenshot("12-narrow-no-results");
        } finally {
            driver.manage().window().setSize(wide);
        }
    }

    // ----- the pipeline side

    static void ingest(List<PaperRecord> papers) {
        IngestClient ingest = new IngestClient(harness.ingest()::uri, harness.ingestToken());
        IngestClient.Answer answer = ingest.post(Digests.render(papers));
        assertThat(answer.status()).as("POST /digests answered %s", answer.body()).isEqualTo(202);
        Set<String> expected = papers.stream().map(PaperRecord::expectedId).collect(Collectors.toSet());
        await("the catalog serves the " + papers.size() + " ingested papers")
                .atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> expected.stream().allMatch(id ->
                        Http.get(harness.query().uri("/papers/" + id)).statusCode() == 200));
    }

    /** Its title holds markup and an entity, which the page must show as text. */
    static PaperRecord livePaper(int number) {
        return new PaperRecord("Catalog page live check " + number + ": policy optimization <i>for</i> language"
                + " models &amp; more", LIVE_SUMMARY, List.of("Related guides (" + number + ")"));
    }

    static void awaitLive(PaperRecord paper, String theme) {
        String id = paper.expectedId();
        try {
            page.await("the live panel receives " + id, d -> page.liveIds().contains(id));
        } catch (TimeoutException e) {
            throw new AssertionError("the live panel of " + theme + " did not receive '" + paper.title()
                    + "'; the catalog has it as " + Http.get(harness.query().uri("/papers/" + id)).body(), e);
        }
    }

    // ----- the catalog's JSON API, the source of every expectation

    static JsonNode api(String pathAndQuery) {
        return Http.getJson(harness.query().uri(pathAndQuery));
    }

    static JsonNode papers(Map<String, String> filters, String sort, int limit, String cursor) {
        StringBuilder query = new StringBuilder("/papers?sort=").append(sort).append("&limit=").append(limit);
        filters.forEach((name, value) -> query.append('&').append(name).append('=').append(encode(value)));
        if (cursor != null) {
            query.append("&cursor=").append(encode(cursor));
        }
        return api(query.toString());
    }

    static JsonNode papersInThemes(List<String> themes, String match, String sort, int limit) {
        StringBuilder query = new StringBuilder("/papers?sort=").append(sort).append("&limit=").append(limit)
                .append("&themeMatch=").append(match);
        themes.forEach(theme -> query.append("&theme=").append(encode(theme)));
        return api(query.toString());
    }

    /** {@code GET /papers/{id}/related} answers {@code {id, items: [paper + sharedThemes]}}. */
    static List<String> relatedIds(String id) {
        return ids(api("/papers/" + id + "/related"));
    }

    /** Theme slug to paperCount, as {@code GET /themes} lists them. */
    static Map<String, Long> themeCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        api("/themes").forEach(theme -> counts.put(theme.path("slug").asText(), theme.path("paperCount").asLong()));
        return counts;
    }

    /** The seed paper whose summary holds the most occurrences of its themes' matched terms. */
    static JsonNode paperWithMostEvidence() {
        return seed.stream()
                .map(record -> api("/papers/" + record.expectedId()))
                .max(Comparator.<JsonNode>comparingInt(p -> termOccurrences(p, p.path("summary").asText()).size())
                        .thenComparing(p -> p.path("id").asText(), Comparator.reverseOrder()))
                .filter(p -> !termOccurrences(p, p.path("summary").asText()).isEmpty())
                .orElseThrow(() -> new AssertionError("no seed paper has a matched term in its summary"));
    }

    static String strongestTheme(JsonNode paper) {
        return StreamSupport.stream(paper.path("themes").spliterator(), false)
                .max(Comparator.<JsonNode>comparingDouble(t -> t.path("score").asDouble())
                        .thenComparing(t -> t.path("slug").asText(), Comparator.reverseOrder()))
                .map(t -> t.path("slug").asText())
                .orElseThrow(() -> new AssertionError("the paper has no theme: " + paper));
    }

    /** The title word that fewest seed papers contain (the most telling search), longest on ties. */
    static String searchWordOf(JsonNode paper) {
        List<String> texts = seed.stream().map(r -> (r.title() + " " + r.summary()).toLowerCase(Locale.ROOT)).toList();
        return Pattern.compile("\\p{L}{6,}").matcher(paper.path("title").asText()).results()
                .map(m -> m.group().toLowerCase(Locale.ROOT))
                .min(Comparator.<String>comparingLong(w -> texts.stream().filter(t -> t.contains(w)).count())
                        .thenComparing(Comparator.comparingInt(String::length).reversed())
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow(() -> new AssertionError("no searchable word in " + paper.path("title")));
    }

    // ----- highlight checks

    /**
     * The element shows exactly the text (escaped, nothing lost); its only child elements are marks; each mark
     * names themes of the paper, is titled with a theme's label and is one of that theme's matched terms; and
     * every literal occurrence of a matched term in the text is inside a mark. The expectations come from the
     * paper's data ({@link MatchedTerms}), not from the page's own patterns.
     */
    static void assertHighlights(JsonNode paper, WebElement element, String text) {
        assertThat(page.textContent(element)).isEqualTo(text);
        assertThat(page.childTags(element)).allSatisfy(tag -> assertThat(tag).isEqualTo("mark"));
        Map<String, JsonNode> themes = new LinkedHashMap<>();
        paper.path("themes").forEach(t -> themes.put(t.path("slug").asText(), t));
        List<CatalogPage.Highlight> marks = page.highlights(element);
        for (CatalogPage.Highlight mark : marks) {
            assertThat(mark.text()).as("the marked text at %d", mark.start())
                    .isEqualTo(text.substring(mark.start(), mark.end()));
            assertThat(themes.keySet()).as("themes of mark '%s'", mark.text()).containsAll(mark.themes());
            assertThat(mark.themes()).as("themes of mark '%s'", mark.text()).isNotEmpty();
            for (String slug : mark.themes()) {
                JsonNode theme = themes.get(slug);
                assertThat(StreamSupport.stream(theme.path("matched").spliterator(), false)
                        .anyMatch(term -> MatchedTerms.isTerm(mark.text(), term.asText())))
                        .as("mark '%s' is a matched term of %s: %s", mark.text(), slug, theme.path("matched"))
                        .isTrue();
            }
            JsonNode first = themes.get(mark.themes().get(0));
            assertThat(mark.title()).contains(first.path("label").asText());
        }
        for (Occurrence occurrence : termOccurrences(paper, text)) {
            assertThat(marks).as("'%s' at %d is highlighted", occurrence.term(), occurrence.start())
                    .anyMatch(mark -> mark.covers(occurrence.start()));
        }
    }

    record Occurrence(String term, int start) {
    }

    /** Where each matched term of the paper's themes occurs in a text literally (ignoring case, whole words). */
    static List<Occurrence> termOccurrences(JsonNode paper, String text) {
        List<Occurrence> occurrences = new ArrayList<>();
        paper.path("themes").forEach(theme -> theme.path("matched").forEach(term -> {
            MatchedTerms.literalOccurrences(term.asText(), text)
                    .forEach(start -> occurrences.add(new Occurrence(term.asText(), start)));
        }));
        return occurrences;
    }

    // ----- small helpers

    static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).map(p -> p.path("id").asText()).toList();
    }

    static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asLong()));
        return values;
    }

    static String number(long value) {
        return java.text.NumberFormat.getIntegerInstance(PAGE_LOCALE).format(value);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
