package io.paperstream.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.paperstream.client.SseSubscriber;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.events.ThemeTag;
import io.paperstream.query.stream.StreamPosition;
import io.paperstream.query.testing.CatalogDatabase;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.Papers;
import io.paperstream.query.testing.SeedPapers;
import io.paperstream.query.testing.Taxonomy;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The catalog API over a real broker and a real PostgreSQL: the seed's nine papers and the default taxonomy are
 * produced to papers.enriched and taxonomy.themes, then every listing is checked against answers computed here
 * from the same events.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogApiTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PROBLEM_JSON = "application/problem+json";

    /** The papers this class has produced, by id, in production order. */
    private static final Map<String, PaperEnriched> PRODUCED = new LinkedHashMap<>();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void seedOnce() {
        if (!PRODUCED.isEmpty()) {
            return;
        }
        CatalogDatabase.emptyPapers(dataSource);
        CatalogTopics.publishTaxonomy(kafka);
        CatalogTopics.publish(kafka, SeedPapers.all());
        SeedPapers.all().forEach(paper -> PRODUCED.put(paper.id(), paper));
        // two topics, two consumers, and search vectors computed in the background: wait for all of it
        await().atMost(TIMEOUT).untilAsserted(() -> {
            given().get("/papers").then().statusCode(200).body("total", is(9));
            given().get("/stats").then().statusCode(200).body("searchPending", is(0));
            assertThat(ok(given().get("/themes")).getList("findAll { it.defined }.slug", String.class))
                    .containsAll(Taxonomy.definitions().stream().map(ThemeDefinition::slug).toList());
        });
    }

    @Test
    @Order(1)
    void listsTheSeedNewestFirstWithThemesAndRelatedPapers() {
        JsonPath page = ok(given().get("/papers"));
        assertThat(page.getInt("total")).isEqualTo(9);
        assertThat(page.getBoolean("totalExact")).isTrue();
        assertThat(page.getString("nextCursor")).isNull();
        assertThat(page.getList("items.id", String.class)).containsExactlyElementsOf(idsNewestFirst(all()));
        for (PaperEnriched paper : all()) {
            Map<String, Object> item = item(page, paper.id());
            assertThat(item.get("title")).isEqualTo(paper.title());
            assertThat(item.get("source")).isEqualTo(paper.source());
            assertThat(Instant.parse((String) item.get("ingestedAt"))).isEqualTo(paper.ingestedAt());
            assertThat(((Number) item.get("relatedPapers")).longValue()).isEqualTo(expectedRelated(paper));
            List<Map<String, Object>> themes = themesOf(item);
            assertThat(themes).extracting(theme -> theme.get("slug"))
                    .containsExactlyElementsOf(paper.themes().stream().map(ThemeTag::slug).toList());
            assertThat(themes).allSatisfy(theme -> {
                assertThat(theme.get("label")).isEqualTo(Taxonomy.label((String) theme.get("slug")));
                assertThat(theme.get("matched")).asList().isNotEmpty();
            });
        }
        PaperEnriched first = SeedPapers.all().get(0);
        assertThat(item(page, first.id()).get("related")).isEqualTo(Map.of("guides", 3, "events", 8));
    }

    @Test
    @Order(2)
    void filtersByOneOrSeveralThemes() {
        assertListing("/papers?theme=llm-agents", withThemes(List.of("llm-agents"), true));
        assertListing("/papers?theme=llm-agents&theme=evaluation-benchmarks",
                withThemes(List.of("llm-agents", "evaluation-benchmarks"), true));
        assertListing("/papers?theme=llm-agents&theme=evaluation-benchmarks&themeMatch=all",
                withThemes(List.of("llm-agents", "evaluation-benchmarks"), true));
        assertListing("/papers?theme=reasoning&theme=tool-use&themeMatch=any",
                withThemes(List.of("reasoning", "tool-use"), false));
        assertListing("/papers?theme=computer-vision", paper -> false);
    }

    @Test
    @Order(3)
    void searchesTitleAndSummaryWithWebSearchSyntax() {
        assertListing("/papers?q=collapse", paper -> mentions(paper, "collapse"));
        assertListing("/papers?q=collapse -reward", paper -> mentions(paper, "collapse") && !mentions(paper, "reward"));
        assertListing("/papers?q=\"model collapse\"", paper -> mentions(paper, "model collapse"));
        JsonPath relevance = ok(given().get("/papers?q=collapse&sort=relevance"));
        assertThat(relevance.getList("items.id", String.class)).containsExactlyInAnyOrderElementsOf(
                all().stream().filter(paper -> mentions(paper, "collapse")).map(PaperEnriched::id).toList());
        // a word only in a summary is found too, through the summary's part of the vector
        assertListing("/papers?q=harnesses", paper -> mentions(paper, "harnesses"));
    }

    @Test
    @Order(4)
    void filtersBySourceTimeAndRelatedPapers() {
        assertListing("/papers?source=" + SeedPapers.BLOG, paper -> paper.source().equals(SeedPapers.BLOG));
        Instant after = SeedPapers.at(3);
        Instant before = SeedPapers.at(6);
        assertListing("/papers?ingestedAfter=" + after + "&ingestedBefore=" + before,
                paper -> !paper.ingestedAt().isBefore(after) && paper.ingestedAt().isBefore(before));
        for (long min : List.of(1L, 2L, 3L)) {
            assertListing("/papers?minRelated=" + min, paper -> expectedRelated(paper) >= min);
        }
        assertListing("/papers?minRelated=2&theme=reinforcement-learning",
                paper -> expectedRelated(paper) >= 2 && carries(paper, "reinforcement-learning"));
    }

    @Test
    @Order(5)
    void sortsByTitleAndByRelatedPapers() {
        List<String> byTitle = all().stream().sorted(Comparator.comparing(PaperEnriched::title,
                String.CASE_INSENSITIVE_ORDER)).map(PaperEnriched::id).toList();
        assertThat(ok(given().get("/papers?sort=title")).getList("items.id", String.class))
                .containsExactlyElementsOf(byTitle);
        List<String> byRelated = all().stream().sorted(Comparator.comparingLong(this::expectedRelated).reversed()
                .thenComparing(PaperEnriched::id)).map(PaperEnriched::id).toList();
        assertThat(ok(given().get("/papers?sort=related")).getList("items.id", String.class))
                .containsExactlyElementsOf(byRelated);
    }

    @Test
    @Order(6)
    void aCursorWalkWithLimitTwoSeesEveryPaperOnce() {
        for (String listing : List.of("/papers?limit=2", "/papers?limit=2&sort=title", "/papers?limit=2&sort=related",
                "/papers?limit=2&theme=reinforcement-learning&theme=llm-agents&themeMatch=any",
                "/papers?limit=1&q=collapse&sort=relevance", "/papers?limit=2&theme=llm-agents")) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonPath page = ok(given().get(listing + (cursor == null ? "" : "&cursor=" + cursor)));
                seen.addAll(page.getList("items.id", String.class));
                cursor = page.getString("nextCursor");
                pages++;
                assertThat(pages).as("pages of %s", listing).isLessThanOrEqualTo(10);
            } while (cursor != null);
            JsonPath whole = ok(given().get(listing.replaceFirst("limit=\\d", "limit=200")));
            assertThat(seen).as(listing).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(whole.getList("items.id", String.class));
            assertThat(seen).hasSize(whole.getInt("total"));
        }
    }

    @Test
    @Order(7)
    void aCursorOnlyContinuesTheListingThatIssuedIt() {
        String cursor = ok(given().get("/papers?limit=2")).getString("nextCursor");
        assertThat(cursor).isNotNull();
        problem(given().get("/papers?limit=2&sort=title&cursor=" + cursor), 400, "cursor");
        problem(given().get("/papers?limit=2&theme=llm-agents&cursor=" + cursor), 400, "cursor");
        problem(given().get("/papers?cursor=bm90LWEtY3Vyc29y"), 400, "cursor");
        problem(given().get("/papers?cursor=%25%25%25"), 400, "cursor");
        assertThat(ok(given().get("/papers?limit=3&cursor=" + cursor)).getList("items.id", String.class))
                .containsExactlyElementsOf(idsNewestFirst(all()).subList(2, 5));
    }

    @Test
    @Order(8)
    void badInputIsAProblemNeverAServerError() {
        String known = SeedPapers.all().get(0).id();
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("/papers?limit=0", 400);
        cases.put("/papers?limit=201", 400);
        cases.put("/papers?limit=abc", 400);
        cases.put("/papers?sort=oldest", 400);
        cases.put("/papers?sort=relevance", 400);
        cases.put("/papers?themeMatch=some", 400);
        cases.put("/papers?theme=no-such-theme", 400);
        cases.put("/papers?q=" + "x".repeat(501), 400);
        cases.put("/papers?q=%00", 400);
        cases.put("/papers?source=%00", 400);
        cases.put("/papers?ingestedAfter=yesterday", 400);
        cases.put("/papers?ingestedBefore=2026-13-01T00:00:00Z", 400);
        cases.put("/papers?ingestedAfter=%2B1000000-01-01T00:00:00Z", 400);
        cases.put("/papers?minRelated=-1", 400);
        cases.put("/papers?minRelated=abc", 400);
        cases.put("/papers/no-such-paper", 404);
        cases.put("/papers/%00", 404);
        cases.put("/papers/no-such-paper/related", 404);
        cases.put("/papers/" + known + "/related?limit=101", 400);
        cases.put("/papers/" + known + "/related?limit=x", 400);
        cases.put("/themes/no-such-theme", 404);
        cases.put("/themes/no-such-theme/stream", 404);
        cases.forEach((url, status) -> problem(url, given().urlEncodingEnabled(false).get(url), status, null));
        problem(given().header("Last-Event-ID", "abc").get("/themes/llm-agents/stream"), 400, "Last-Event-ID");
        problem("POST /papers", given().post("/papers"), 405, null);
        problem("GET /no-such-resource", given().get("/no-such-resource"), 404, null);
        assertThat(given().get("/no-such-resource").jsonPath().getString("type")).isEqualTo("about:blank");
        assertThat(given().get("/papers/no-such-paper").jsonPath().getString("type"))
                .isEqualTo("urn:paperstream:problem:not-found");
    }

    @Test
    @Order(9)
    void showsOnePaperWhole() {
        PaperEnriched paper = SeedPapers.all().get(0);
        JsonPath detail = ok(given().get("/papers/" + paper.id()));
        assertThat(detail.getString("id")).isEqualTo(paper.id());
        assertThat(detail.getString("title")).isEqualTo(paper.title());
        assertThat(detail.getString("summary")).isEqualTo(paper.summary());
        assertThat(detail.getString("digestId")).isEqualTo(paper.digestId());
        assertThat(detail.getInt("line")).isEqualTo(paper.line());
        assertThat(Instant.parse(detail.getString("enrichedAt"))).isEqualTo(paper.enrichedAt());
        assertThat(detail.getString("taxonomyVersion")).isEqualTo(paper.taxonomyVersion());
        assertThat(detail.getLong("relatedPapers")).isEqualTo(expectedRelated(paper));
        assertThat(detail.getMap("related")).isEqualTo(Map.of("guides", 3, "events", 8));
        assertThat(detail.getList("themes.slug", String.class)).containsExactly("model-collapse", "synthetic-data");
        assertThat(detail.getList("themes.score", Float.class)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(detail.getList("themes[0].matched", String.class)).containsExactly("model collapse");
    }

    @Test
    @Order(10)
    void relatedPapersRankBySharedThemesThenRecency() {
        for (PaperEnriched paper : all()) {
            JsonPath related = ok(given().get("/papers/" + paper.id() + "/related?limit=100"));
            List<PaperEnriched> expected = all().stream()
                    .filter(other -> !other.id().equals(paper.id()) && shared(paper, other).size() > 0)
                    .sorted(Comparator.comparingInt((PaperEnriched other) -> shared(paper, other).size()).reversed()
                            .thenComparing(PaperEnriched::ingestedAt, Comparator.reverseOrder()))
                    .toList();
            assertThat(related.getList("items.id", String.class)).as(paper.title())
                    .containsExactlyElementsOf(expected.stream().map(PaperEnriched::id).toList());
            for (PaperEnriched other : expected) {
                assertThat(related.getList("items.find { it.id == '" + other.id() + "' }.sharedThemes",
                        String.class)).containsExactlyInAnyOrderElementsOf(shared(paper, other));
            }
        }
        PaperEnriched causaLab = SeedPapers.all().get(6);
        assertThat(ok(given().get("/papers/" + causaLab.id() + "/related?limit=1")).getList("items")).hasSize(1);
    }

    @Test
    @Order(11)
    void listsEveryThemeWithItsExactPaperCount() {
        JsonPath themes = ok(given().get("/themes"));
        List<String> slugs = themes.getList("slug", String.class);
        assertThat(slugs.subList(0, Taxonomy.definitions().size()))
                .containsExactlyElementsOf(Taxonomy.definitions().stream().map(ThemeDefinition::slug).toList());
        for (ThemeDefinition definition : Taxonomy.definitions()) {
            Map<String, Object> theme = themes.getMap("find { it.slug == '" + definition.slug() + "' }");
            assertThat(theme.get("label")).isEqualTo(definition.label());
            assertThat(theme.get("description")).isEqualTo(definition.description());
            assertThat(((Number) theme.get("paperCount")).longValue())
                    .as(definition.slug()).isEqualTo(all().stream().filter(p -> carries(p, definition.slug())).count());
        }
        JsonPath one = ok(given().get("/themes/llm-agents"));
        assertThat(one.getLong("paperCount")).isEqualTo(3);
        assertThat(one.getString("label")).isEqualTo("LLM agents");
    }

    @Test
    @Order(20)
    void aNewPaperReachesItsThemeStreamAndRaisesRelatedPapers() throws Exception {
        Map<String, Long> before = relatedPapersNow();
        try (SseSubscriber stream = SseSubscriber.open(root.resolve("themes/reinforcement-learning/stream"), null)) {
            assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.next(SseSubscriber.Event::isComment, TIMEOUT)).as("subscribed comment").isNotNull();

            PaperEnriched other = Papers.paper("Diffusion Image Segmentation Without Language", "Pixels only.",
                    SeedPapers.ARXIV, Map.of(), SeedPapers.at(9), "computer-vision");
            PaperEnriched landing = Papers.paper("GRPO Agents Learn Safer Policies", "Reinforcement learning "
                    + "with guardrails.", SeedPapers.ARXIV, Map.of(), SeedPapers.at(10), "reinforcement-learning",
                    "alignment-safety");
            // as enrich does: in one transaction on papers.enriched (its commit marker takes an offset after them,
            // which statsReportTheCatalogAndTheConsumerLag must not count), read by both the catalog and the streams
            List<CatalogTopics.Produced> landed = CatalogTopics.publishInTransaction(kafka, List.of(
                    new CatalogTopics.Outgoing(other.id(), EventJson.toBytes(other), 0),
                    new CatalogTopics.Outgoing(landing.id(), EventJson.toBytes(landing), 0)));
            PRODUCED.put(other.id(), other);
            PRODUCED.put(landing.id(), landing);
            CatalogTopics.Produced onTopic = landed.get(1);

            SseSubscriber.Event event = stream.next(e -> "paper".equals(e.type()), TIMEOUT);
            assertThat(event).as("paper event").isNotNull();
            JsonPath data = new JsonPath(event.data());
            assertThat(data.getString("id")).isEqualTo(landing.id());
            assertThat(data.getString("title")).isEqualTo(landing.title());
            assertThat(data.getList("themes.slug", String.class))
                    .containsExactly("reinforcement-learning", "alignment-safety");
            // the id is the stream's position in papers.enriched: right after the paper on its partition
            assertThat(StreamPosition.parse(event.id()).next(onTopic.partition())).isEqualTo(onTopic.offset() + 1);
            assertThat(stream.next(e -> e.isComment() && e.data().contains("keep-alive"), TIMEOUT))
                    .as("heartbeat").isNotNull();
        }
        // the stream does not wait for the catalog (both read papers.enriched): the catalog may commit later
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ok(given().get("/papers")).getInt("total")).isEqualTo(11));
        Map<String, Long> after = relatedPapersNow();
        for (PaperEnriched seed : SeedPapers.all()) {
            long raise = carries(seed, "reinforcement-learning") ? 1 : 0;
            assertThat(after.get(seed.id())).as(seed.title()).isEqualTo(before.get(seed.id()) + raise);
            assertThat(after.get(seed.id())).isEqualTo(expectedRelated(seed));
        }
    }

    @Test
    @Order(22)
    void streamsAreLimitedPerClient() throws Exception {
        // the streams of the earlier tests are released once the server has seen them close
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ok(given().get("/stats")).getInt("openStreams")).isZero());
        List<SseSubscriber> open = new ArrayList<>();
        try {
            // %test limit: 3 per client
            for (int i = 0; i < 3; i++) {
                SseSubscriber stream = SseSubscriber.open(root.resolve("themes/llm-agents/stream"), null);
                open.add(stream);
                assertThat(stream.next(SseSubscriber.Event::isComment, TIMEOUT)).isNotNull();
            }
            problem(given().get("/themes/llm-agents/stream"), 429, null);
        } finally {
            open.forEach(SseSubscriber::close);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            try (SseSubscriber again = SseSubscriber.open(root.resolve("themes/llm-agents/stream"), null)) {
                assertThat(again.next(SseSubscriber.Event::isComment, TIMEOUT)).isNotNull();
            }
        });
    }

    @Test
    @Order(30)
    void statsReportTheCatalogAndTheConsumerLag() {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonPath stats = ok(given().get("/stats"));
            assertThat(stats.getLong("papers")).isEqualTo(PRODUCED.size());
            assertThat(stats.getLong("themes")).isGreaterThanOrEqualTo(Taxonomy.definitions().size());
            assertThat(stats.getString("lastMaterializedAt")).isNotNull();
            assertThat(stats.getLong("consumerLag")).isZero();
        });
    }

    @Test
    @Order(31)
    void exposesHealthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("Database connections health check",
                        "Kafka connection health check"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("paperstream_query_papers_materialized_total",
                "paperstream_query_batch_size_records", "paperstream_query_consumer_lag_records",
                "paperstream_query_catalog_seconds");
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/papers'.get.parameters.name", org.hamcrest.Matchers.hasItem("cursor"));
    }

    // --- expectations computed from the produced events ------------------------------------------------------

    private static List<PaperEnriched> all() {
        return List.copyOf(PRODUCED.values());
    }

    private static Set<String> slugs(PaperEnriched paper) {
        return paper.themes().stream().map(ThemeTag::slug).collect(Collectors.toSet());
    }

    private static boolean carries(PaperEnriched paper, String slug) {
        return slugs(paper).contains(slug);
    }

    private static Set<String> shared(PaperEnriched a, PaperEnriched b) {
        Set<String> shared = new HashSet<>(slugs(a));
        shared.retainAll(slugs(b));
        return shared;
    }

    private long expectedRelated(PaperEnriched paper) {
        return all().stream().filter(other -> !other.id().equals(paper.id()) && !shared(paper, other).isEmpty())
                .count();
    }

    private static boolean mentions(PaperEnriched paper, String words) {
        String text = (paper.title() + " " + paper.summary()).toLowerCase(java.util.Locale.ROOT);
        return text.contains(words);
    }

    private static Predicate<PaperEnriched> withThemes(List<String> themes, boolean all) {
        return paper -> all ? slugs(paper).containsAll(themes) : themes.stream().anyMatch(slugs(paper)::contains);
    }

    private static List<String> idsNewestFirst(List<PaperEnriched> papers) {
        return papers.stream().sorted(Comparator.comparing(PaperEnriched::ingestedAt).reversed()
                .thenComparing(PaperEnriched::id, Comparator.reverseOrder())).map(PaperEnriched::id).toList();
    }

    /** The listing holds exactly the produced papers matching, newest first (for the default sort). */
    private static void assertListing(String url, Predicate<PaperEnriched> matching) {
        List<PaperEnriched> expected = all().stream().filter(matching).toList();
        JsonPath page = ok(given().get(url));
        if (url.contains("sort=")) {
            assertThat(page.getList("items.id", String.class)).as(url)
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(PaperEnriched::id).toList());
        } else {
            assertThat(page.getList("items.id", String.class)).as(url).containsExactlyElementsOf(idsNewestFirst(expected));
        }
        assertThat(page.getInt("total")).as(url).isEqualTo(expected.size());
    }

    private Map<String, Long> relatedPapersNow() {
        JsonPath page = ok(given().get("/papers?limit=200"));
        Map<String, Long> related = new HashMap<>();
        for (Map<String, Object> item : page.<Map<String, Object>>getList("items")) {
            related.put((String) item.get("id"), ((Number) item.get("relatedPapers")).longValue());
        }
        return related;
    }

    private static JsonPath ok(Response response) {
        response.then().statusCode(200);
        return response.jsonPath();
    }

    private static void problem(Response response, int status, String parameter) {
        problem("", response, status, parameter);
    }

    private static void problem(String request, Response response, int status, String parameter) {
        assertThat(response.statusCode()).as(request + " answered " + response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        JsonPath body = response.jsonPath();
        assertThat(body.getInt("status")).isEqualTo(status);
        assertThat(body.getString("title")).isNotBlank();
        assertThat(body.getString("detail")).isNotBlank();
        assertThat(body.getString("type")).isNotBlank();
        if (parameter != null) {
            assertThat(body.getString("type")).isEqualTo("urn:paperstream:problem:invalid-parameter");
            assertThat(body.getString("parameter")).isEqualTo(parameter);
        }
        if (status == 429) {
            // a stream limit tells when to come back
            assertThat(response.header("Retry-After")).as(request).isNotBlank();
        }
    }

    private static Map<String, Object> item(JsonPath page, String id) {
        return page.getMap("items.find { it.id == '" + id + "' }");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> themesOf(Map<String, Object> item) {
        return (List<Map<String, Object>>) item.get("themes");
    }
}
