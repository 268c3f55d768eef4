package io.paperstream.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The catalog page as the tests see it: every element is found by its {@code id} or {@code data-testid}, so
 * the page's markup and styling can change without touching the scenarios.
 */
final class CatalogPage {

    private final WebDriver driver;
    private final URI base;
    private final Path screenshots;
    private final WebDriverWait wait;

    CatalogPage(WebDriver driver, URI base, Path screenshots, Duration timeout) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
        this.wait = new WebDriverWait(driver, timeout);
        this.wait.pollingEvery(Duration.ofMillis(200));
    }

    WebDriver driver() {
        return driver;
    }

    /** Loads the page at a route ({@code ""}, {@code "#/?q=…"}, {@code "#/papers/<id>"}). */
    void open(String route) {
        driver.get("about:blank"); // a fresh page each time, not just a new hash on the old one
        driver.get(base.resolve("/") + route);
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return wait.withMessage(what).until(condition);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    List<WebElement> allByTestId(String testId) {
        return driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
    }

    String hash() {
        return (String) script("return location.hash");
    }

    /** Waits until the page has applied a route containing {@code part} (its controls show that route). */
    void awaitRoute(String part) {
        await("the page applies a route with '" + part + "'", d -> Boolean.TRUE.equals(script(
                "return location.hash.includes(arguments[0]) && document.body.dataset.route === location.hash",
                part)));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The exact text of an element (textContent, not the rendered, whitespace-folded text). */
    String textContent(WebElement element) {
        return (String) script("return arguments[0].textContent", element);
    }

    // ----- catalog list

    /** Ids of the papers listed, in order; empty while a query is loading. */
    List<String> listedIds() {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) script("""
                const list = document.getElementById('paper-list');
                if (list.getAttribute('aria-busy') === 'true') return [];
                return [...list.querySelectorAll("[data-testid='paper-item']")].map(li => li.dataset.paperId);""");
        return ids;
    }

    /** Waits until the list shows exactly these papers, in this order. */
    void awaitListed(List<String> expectedIds, String what) {
        await(what + ": the list shows " + expectedIds.size() + " papers in the API's order",
                d -> expectedIds.equals(listedIds()) && !byId("result-status").getText().startsWith("Loading"));
    }

    String resultStatus() {
        return byId("result-status").getText();
    }

    void search(String words) {
        WebElement input = byId("search-input");
        input.clear();
        // Enter submits the form: the search works from the keyboard alone.
        input.sendKeys(words, Keys.ENTER);
    }

    /** How many papers the page asks for at a time (the page publishes it on its list). */
    int pageSize() {
        return Integer.parseInt(byId("paper-list").getDomAttribute("data-page-size"));
    }

    /** The sort the page shows (and asks the API for). */
    String sortValue() {
        return new Select(byId("sort-select")).getFirstSelectedOption().getDomAttribute("value");
    }

    void sortBy(String value) {
        new Select(byId("sort-select")).selectByValue(value);
    }

    void clickMore() {
        byId("more-button").click();
    }

    boolean moreVisible() {
        return byId("more-button").isDisplayed();
    }

    // ----- facets

    WebElement facet(String slug) {
        return byId("facet-" + slug);
    }

    /** The count a theme's facet shows. */
    long facetCount(String slug) {
        WebElement label = driver.findElement(By.cssSelector("label[for='facet-" + slug + "']"));
        String count = label.findElement(By.cssSelector("[data-testid='facet-count']")).getText();
        return Long.parseLong(count.replaceAll("[^0-9]", ""));
    }

    void awaitFacets() {
        await("the theme facets are loaded", d -> !allByTestId("facet-count").isEmpty());
    }

    void toggleTheme(String slug) {
        facet(slug).click();
    }

    void matchThemes(String allOrAny) {
        driver.findElement(By.cssSelector("[data-testid='theme-match-" + allOrAny + "']")).click();
    }

    // ----- paper view

    void openListedPaper(String id) {
        driver.findElement(By.cssSelector("#paper-list a[data-paper-id='" + id + "']")).click();
    }

    /** Waits until the paper view shows the paper with this title. */
    void awaitPaperTitled(String title) {
        await("the paper view shows '" + title + "'", d -> {
            List<WebElement> heading = d.findElements(By.id("paper-title"));
            return !heading.isEmpty() && heading.get(0).isDisplayed() && title.equals(textContent(heading.get(0)));
        });
    }

    WebElement paperTitle() {
        return byId("paper-title");
    }

    WebElement paperSummary() {
        return driver.findElement(By.cssSelector("[data-testid='paper-summary']"));
    }

    /** The {@code <mark>}s of an element as text ranges: start, end, theme slugs, title, text. */
    List<Highlight> highlights(WebElement element) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ranges = (List<Map<String, Object>>) script("""
                const out = []; let at = 0;
                for (const node of arguments[0].childNodes) {
                  const length = node.textContent.length;
                  if (node.nodeName === 'MARK') {
                    out.push({start: at, end: at + length, themes: node.dataset.theme || '',
                              title: node.title || '', text: node.textContent});
                  }
                  at += length;
                }
                return out;""", element);
        return ranges.stream().map(r -> new Highlight(((Number) r.get("start")).intValue(),
                ((Number) r.get("end")).intValue(), List.of(((String) r.get("themes")).split(" ")),
                (String) r.get("title"), (String) r.get("text"))).toList();
    }

    /** Tag names of an element's child elements (the summary must hold only text and marks). */
    @SuppressWarnings("unchecked")
    List<String> childTags(WebElement element) {
        return (List<String>) script("return [...arguments[0].children].map(e => e.tagName.toLowerCase())", element);
    }

    /** The digest's related counts as the paper view shows them: kind to count. */
    Map<String, Long> relatedCounts() {
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) script("""
                const out = {};
                for (const row of document.querySelectorAll("[data-testid='related-count']")) {
                  out[row.dataset.kind] = Number(row.querySelector('dd').textContent.replace(/[^0-9]/g, ''));
                }
                return out;""");
        return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> ((Number) e.getValue()).longValue()));
    }

    List<String> relatedPaperIds() {
        return allByTestId("related-paper").stream().map(e -> e.getDomAttribute("data-paper-id")).toList();
    }

    void openRelatedPaper(String id) {
        driver.findElement(By.cssSelector("[data-testid='related-paper'] a[data-paper-id='" + id + "']")).click();
    }

    void backToList() {
        byId("back-link").click();
    }

    // ----- live panel

    void watchTheme(String slug) {
        new Select(byId("live-theme")).selectByValue(slug);
    }

    String liveState() {
        return byId("live-status").getDomAttribute("data-state");
    }

    /** Ids of the papers in the live panel, top (newest) first. */
    List<String> liveIds() {
        return allByTestId("live-item").stream().map(e -> e.getDomAttribute("data-paper-id")).toList();
    }

    WebElement liveLink(String id) {
        return driver.findElement(By.cssSelector("[data-testid='live-item'] a[data-paper-id='" + id + "']"));
    }

    void openLivePaper(String id) {
        liveLink(id).click();
    }

    // ----- layout

    /** Where an element is drawn, in CSS pixels. */
    Rectangle region(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getRect();
    }

    void scrollIntoView(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'start'})", element);
    }

    // ----- evidence

    /** Saves a screenshot of the viewport as {@code <screenshots>/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code <mark>} of a highlighted text. */
    record Highlight(int start, int end, List<String> themes, String title, String text) {

        Highlight {
            themes = themes.stream().filter(Objects::nonNull).filter(s -> !s.isEmpty()).toList();
        }

        boolean covers(int position) {
            return start <= position && position < end;
        }
    }
}
