package io.paperstream.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.read.PageCursor;
import io.paperstream.query.catalog.read.PaperQuery;
import io.paperstream.query.catalog.read.PaperQueryBuilder;
import io.paperstream.query.catalog.read.PaperSort;
import io.paperstream.query.catalog.read.SqlStatement;
import io.paperstream.query.catalog.read.ThemeFilterMode;
import io.paperstream.query.testing.CatalogDatabase;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.Papers;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * What an attacker sent the catalog (issue 15), over the real broker and PostgreSQL: more than 64 themes, made-up
 * theme slugs, titles at the length limit in 3- and 4-byte characters, and papers far larger than any page.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class CatalogLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant BASE = Instant.parse("2026-10-01T08:00:00Z");
    private static final Instant NEWEST = Instant.parse("2099-01-01T00:00:00Z");
    private static final int THEMES = 100;
    private static final String HUGE_LABEL_THEME = "huge-label";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "paperstream.query.themes.max-undefined")
    int maxUndefined;

    @ConfigProperty(name = "paperstream.query.page.max-bytes")
    int maxPageBytes;

    @ConfigProperty(name = "paperstream.query.page.item-summary-length")
    int itemSummaryLength;

    @ConfigProperty(name = "paperstream.query.page.item-related-kinds")
    int itemRelatedKinds;

    @ConfigProperty(name = "paperstream.limits.max-title-length")
    int maxTitleLength;

    @Test
    void aTaxonomyOfAHundredThemesIsCountedAndFilteredExactly() {
        // labels of this run: the definitions are known to be applied once GET /themes shows them
        String run = UUID.randomUUID().toString();
        Map<String, String> labels = new LinkedHashMap<>();
        List<ProducerRecord<String, String>> definitions = new ArrayList<>();
        for (int i = 0; i < THEMES; i++) {
            labels.put(slug(i), "Theme number " + i + " of run " + run);
            definitions.add(CatalogTopics.record(new ThemeDefinition(slug(i), labels.get(slug(i)),
                    "one of a hundred", i, "hundred-themes")));
        }
        CatalogTopics.send(kafka, definitions);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ok("/themes").<Map<String, Object>>getList("$")
                .stream().collect(Collectors.toMap(theme -> (String) theme.get("slug"),
                        theme -> (String) theme.get("label")))).containsAllEntriesOf(labels));
        // the last two as themes past paperstream.query.themes.max-bits would be: no bit, counted from paper_theme
        Set<String> withoutBit = Set.of(slug(THEMES - 2), slug(THEMES - 1));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE theme SET bit = NULL WHERE slug = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("text", withoutBit.toArray(String[]::new)));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        CatalogDatabase.bumpVersion(dataSource);

        // papers on themes #64..#99 (past a bigint's bits), each with two or three of them, and some with #0
        List<PaperEnriched> papers = new ArrayList<>();
        for (int i = 0; i < 72; i++) {
            List<String> slugs = new ArrayList<>(List.of(slug(64 + i % 36), slug(64 + (i * 7 + 3) % 36)));
            if (i % 5 == 0) {
                slugs.add(slug(0));
            }
            papers.add(Papers.paper("Hundred themes paper " + i, "Tagged past bit 63.", "hundred-themes", Map.of(),
                    BASE.plusSeconds(i), slugs.stream().distinct().toArray(String[]::new)));
        }
        CatalogTopics.publish(kafka, papers);
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                    ok("/papers?source=hundred-themes&limit=1").getInt("total")).isEqualTo(papers.size()));

            Map<String, Long> counts = themes();
            for (int i = 0; i < THEMES; i++) {
                String slug = slug(i);
                List<String> carrying = papers.stream().filter(paper -> carries(paper, slug))
                        .map(PaperEnriched::id).toList();
                assertThat(counts.get(slug)).as(slug).isEqualTo(carrying.size());
                if (i >= 64) {
                    JsonPath page = ok("/papers?limit=200&theme=" + slug);
                    assertThat(page.getList("items.id", String.class)).as(slug)
                            .containsExactlyInAnyOrderElementsOf(carrying);
                    assertThat(page.getInt("total")).as(slug).isEqualTo(carrying.size());
                }
            }
            // all of two themes past bit 63
            String a = slug(64 + 3);
            String b = slug(64 + 24);
            assertThat(ok("/papers?limit=200&themeMatch=all&theme=" + a + "&theme=" + b).getList("items.id",
                    String.class)).containsExactlyInAnyOrderElementsOf(papers.stream()
                            .filter(paper -> carries(paper, a) && carries(paper, b)).map(PaperEnriched::id).toList());
            // relatedPapers from masks of more than 64 bits: other papers sharing a theme that has a bit
            for (Map<String, Object> item : ok("/papers?source=hundred-themes&limit=200")
                    .<Map<String, Object>>getList("items")) {
                PaperEnriched paper = papers.stream().filter(p -> p.id().equals(item.get("id"))).findFirst()
                        .orElseThrow();
                long expected = papers.stream().filter(other -> other != paper && paper.themes().stream()
                        .anyMatch(theme -> !withoutBit.contains(theme.slug()) && carries(other, theme.slug())))
                        .count();
                assertThat(((Number) item.get("relatedPapers")).longValue()).as(paper.title()).isEqualTo(expected);
            }
            assertThat(CatalogDatabase.storedCombos(dataSource))
                    .isEqualTo(CatalogDatabase.countedCombos(dataSource));
        } finally {
            remove(papers, "hundred-themes");
        }
    }

    @Test
    void madeUpThemeSlugsNeitherBreakNorGrowTheCatalog() throws SQLException {
        int undefinedBefore = undefinedThemes().size();
        String tooLong = "x".repeat(300);
        List<PaperEnriched> papers = new ArrayList<>();
        Set<String> fakes = new HashSet<>();
        for (int i = 0; i < maxUndefined + 40; i += 4) {
            // (a slug over paperstream.query.enriched.max-slug-length never gets here: the decoder dead-letters its paper)
            String[] slugs = {fake(i), fake(i + 1), fake(i + 2), fake(i + 3), "ünïcödé-" + i};
            fakes.addAll(List.of(slugs));
            papers.add(Papers.paper("Made-up themes paper " + i, "Tagged with slugs no taxonomy has.", "fake-themes",
                    Map.of(), BASE.plusSeconds(1000 + i), slugs));
        }
        CatalogTopics.publish(kafka, papers);
        try {
            // every paper is stored, and GET /themes keeps answering
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                    ok("/papers?source=fake-themes&limit=1").getInt("total")).isEqualTo(papers.size()));
            Map<String, Long> undefined = undefinedThemes();
            assertThat(undefined).hasSize(maxUndefined).doesNotContainKey(tooLong);
            // a kept slug is counted exactly and filterable; a refused one was left off the papers
            Map<String, Long> carried = new LinkedHashMap<>();
            for (PaperEnriched paper : papers) {
                JsonPath detail = ok("/papers/" + paper.id());
                for (String slug : detail.getList("themes.slug", String.class)) {
                    assertThat(undefined).as("a slug on a paper is a theme of the catalog").containsKey(slug);
                    carried.merge(slug, 1L, Long::sum);
                }
            }
            for (String slug : fakes) {
                assertThat(undefined.getOrDefault(slug, 0L)).as(slug).isEqualTo(carried.getOrDefault(slug, 0L));
            }
            String kept = carried.keySet().iterator().next();
            assertThat(ok("/papers?limit=200&theme=" + kept).getInt("total")).isEqualTo(carried.get(kept).intValue());
            assertThat(CatalogDatabase.storedCombos(dataSource)).isEqualTo(CatalogDatabase.countedCombos(dataSource));
            assertThat(undefinedBefore).isLessThanOrEqualTo(maxUndefined);

            // a definition with a slug too long for the catalog's indexes is refused, and the taxonomy goes on
            String after = "defined-after-a-long-slug";
            String label = "Defined after a long slug, run " + UUID.randomUUID();
            CatalogTopics.send(kafka, List.of(
                    CatalogTopics.record(new ThemeDefinition(tooLong, "Too long", null, 500, "fake-themes")),
                    CatalogTopics.record(new ThemeDefinition(after, label, null, 501, "fake-themes"))));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ok("/themes/" + after).getString("label"))
                    .isEqualTo(label));
            assertThat(themes()).doesNotContainKey(tooLong);
        } finally {
            // the bound is shared by the whole test run: give the slots back
            remove(papers, "fake-themes");
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "DELETE FROM theme WHERE NOT defined AND slug = ANY(?)")) {
                statement.setArray(1, connection.createArrayOf("text", fakes.toArray(String[]::new)));
                statement.executeUpdate();
            }
            CatalogDatabase.bumpVersion(dataSource);
        }
    }

    @Test
    void titlesAtTheLimitInFourByteCharactersAreStoredSortedAndFound() throws SQLException {
        String cjk = "論".repeat(maxTitleLength);
        String emoji = "😀".repeat(maxTitleLength);
        String mixed = "😀".repeat(maxTitleLength - 1) + "論";
        assertThat(emoji.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(2704);
        List<PaperEnriched> papers = List.of(
                Papers.paper(cjk, "A title of CJK characters only.", "long-titles", Map.of(), BASE.plusSeconds(5000)),
                Papers.paper(emoji, "A title of emoji only.", "long-titles", Map.of(), BASE.plusSeconds(5001)),
                Papers.paper(mixed, "Like the emoji one but its last character.", "long-titles", Map.of(),
                        BASE.plusSeconds(5002)));
        CatalogTopics.publish(kafka, papers);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (PaperEnriched paper : papers) {
                given().get("/papers/" + paper.id()).then().statusCode(200);
            }
        });
        for (PaperEnriched paper : papers) {
            assertThat(ok("/papers/" + paper.id()).getString("title")).isEqualTo(paper.title());
        }
        // sort=title pages through them one at a time: the cursor carries a bounded prefix
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = ok("/papers?source=long-titles&sort=title&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            assertThat(seen.size()).isLessThanOrEqualTo(papers.size());
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(papers.stream().map(PaperEnriched::id).toList());
        assertThat(ok("/papers?source=long-titles&sort=title&limit=10").getList("items.title", String.class))
                .containsExactlyInAnyOrder(cjk, emoji, mixed);

        // the listings stay index-backed: the prefix index gives title order without a sort of its own
        ThemeCombos none = new ThemeCombos(Map.of());
        String byTitle = explain(PaperQueryBuilder.page(new PaperQuery(List.of(), ThemeFilterMode.ALL, null, 0, null,
                null, null, PaperSort.TITLE, 20, PageCursor.title("f", papers.get(0).id(), cjk)), none));
        assertThat(byTitle).contains("paper_title_prefix_idx").doesNotContain("Sort");
        String bySource = explain(PaperQueryBuilder.page(new PaperQuery(List.of(), ThemeFilterMode.ALL, null, 0,
                "long-titles", null, null, PaperSort.RECENT, 20, null), none));
        assertThat(bySource).contains("paper_source_recent_idx").doesNotContain("Sort");
    }

    @Test
    void aPageStaysWithinItsByteBoundWhateverThePapersHold() throws Exception {
        List<PaperEnriched> papers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // the newest papers of the catalog: the default page shows them
            papers.add(Papers.paper("Hostile page paper " + i, "Soon far too large.", "hostile-page",
                    Map.of("guides", 1L), NEWEST.plusSeconds(i), "reasoning", "dialogue"));
        }
        // the newest (first on a page) also carries a theme whose label alone is larger than a page
        PaperEnriched first = papers.remove(papers.size() - 1);
        papers.add(Papers.paper(first.title(), first.summary(), first.source(), first.related(), first.ingestedAt(),
                "reasoning", "dialogue", HUGE_LABEL_THEME));
        CatalogTopics.publish(kafka, papers);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                ok("/papers?source=hostile-page&limit=1").getInt("total")).isEqualTo(papers.size()));
        try {
            // as a record from before the limits, or a direct write, would leave them: 62,000 related kinds, a
            // summary and title far past the limits, thousands of matched terms
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("""
                        UPDATE paper SET related = (SELECT jsonb_object_agg('related kind number ' || i, i)
                                                    FROM generate_series(1, 62000) AS i),
                                         summary = repeat('An endless summary. ', 20000),
                                         title = title || repeat(' and more', 1000)
                        WHERE source = 'hostile-page'
                        """);
                statement.execute("UPDATE theme SET label = repeat('A label longer than a page. ', 2000) "
                        + "WHERE slug = '" + HUGE_LABEL_THEME + "'");
                statement.execute("""
                        UPDATE paper_theme SET matched = (SELECT jsonb_agg('term ' || i) FROM generate_series(1, 5000) i)
                        WHERE paper_id IN (SELECT id FROM paper WHERE source = 'hostile-page')
                        """);
            }
            CatalogDatabase.bumpVersion(dataSource);

            // twelve anonymous default pages at once, then the hostile listing page by page
            ExecutorService clients = Executors.newFixedThreadPool(12);
            try {
                List<CompletableFuture<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> given().get("/papers").statusCode(), clients));
                }
                for (CompletableFuture<Integer> answer : answers) {
                    assertThat(answer.get(2, TimeUnit.MINUTES)).isEqualTo(200);
                }
            } finally {
                clients.shutdownNow();
            }
            // the first paper is shown in its smallest form, and the page goes on after it
            JsonNode firstPage = JSON.readTree(given().get("/papers?source=hostile-page&limit=200").then()
                    .statusCode(200).extract().asString());
            assertThat(firstPage.get("items").get(0).get("id").asText()).isEqualTo(first.id());
            assertThat(firstPage.get("items").get(0).get("themes")).isEmpty();
            assertThat(firstPage.get("items").size()).isGreaterThan(1);

            Set<String> seen = new HashSet<>();
            String cursor = null;
            int pages = 0;
            boolean endedEarly = false;
            do {
                String body = given().get("/papers?source=hostile-page&limit=200"
                        + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200).extract().asString();
                JsonNode page = JSON.readTree(body);
                assertThat(JSON.writeValueAsBytes(page.get("items")).length).isLessThanOrEqualTo(maxPageBytes);
                for (JsonNode item : page.get("items")) {
                    assertThat(seen.add(item.get("id").asText())).isTrue();
                    assertThat(item.get("abridged").asBoolean()).isTrue();
                    assertThat(item.get("summary").asText().length()).isLessThanOrEqualTo(itemSummaryLength);
                    assertThat(item.get("title").asText().codePointCount(0, item.get("title").asText().length()))
                            .isLessThanOrEqualTo(maxTitleLength);
                    assertThat(item.get("related").size()).isLessThanOrEqualTo(itemRelatedKinds);
                }
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                endedEarly |= cursor != null && page.get("items").size() < 200;
                pages++;
                assertThat(pages).isLessThanOrEqualTo(papers.size());
            } while (cursor != null);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(papers.stream().map(PaperEnriched::id).toList());
            assertThat(endedEarly).as("a page ended at its byte bound").isTrue();

            // related papers are list items too; the detail view has the whole record
            String body = given().get("/papers/" + papers.get(0).id() + "/related?limit=100").then().statusCode(200)
                    .extract().asString();
            assertThat(JSON.writeValueAsBytes(JSON.readTree(body).get("items")).length)
                    .isLessThanOrEqualTo(maxPageBytes);
            JsonPath detail = ok("/papers/" + papers.get(0).id());
            assertThat(detail.getMap("related")).hasSize(62000);
            assertThat(given().get("/papers").statusCode()).isEqualTo(200);
        } finally {
            remove(papers, "hostile-page");
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM theme WHERE NOT defined AND slug = '" + HUGE_LABEL_THEME + "'");
            }
            CatalogDatabase.bumpVersion(dataSource);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Tombstones on papers.enriched, as a withdrawal would send them; returns once the papers are gone. */
    private void remove(List<PaperEnriched> papers, String source) {
        CatalogTopics.send(kafka, papers.stream().map(paper -> new ProducerRecord<String, String>(
                CatalogTopics.ENRICHED, paper.id(), null)).toList());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                ok("/papers?limit=1&source=" + source).getInt("total")).isZero());
    }

    private static String slug(int i) {
        return String.format("hundred-theme-%03d", i);
    }

    private static String fake(int i) {
        return "made-up-" + i;
    }

    private static boolean carries(PaperEnriched paper, String slug) {
        return paper.themes().stream().anyMatch(theme -> theme.slug().equals(slug));
    }

    private static JsonPath ok(String path) {
        return new JsonPath(given().get(path).then().statusCode(200).extract().asString());
    }

    /** paperCount of every theme, by slug, from GET /themes. */
    private static Map<String, Long> themes() {
        return ok("/themes").<Map<String, Object>>getList("$").stream().collect(Collectors.toMap(
                theme -> (String) theme.get("slug"), theme -> ((Number) theme.get("paperCount")).longValue()));
    }

    private static Map<String, Long> undefinedThemes() {
        return ok("/themes").<Map<String, Object>>getList("findAll { !it.defined }").stream().collect(
                Collectors.toMap(theme -> (String) theme.get("slug"),
                        theme -> ((Number) theme.get("paperCount")).longValue()));
    }

    /** The plan of a listing with sorts and sequential scans made unattractive: what the indexes can serve. */
    private String explain(SqlStatement sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET LOCAL enable_seqscan = off");
                settings.execute("SET LOCAL enable_sort = off");
                settings.execute("SET LOCAL enable_bitmapscan = off");
            }
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement statement = new SqlStatement("EXPLAIN " + sql.sql(), sql.params())
                    .prepare(connection); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            connection.rollback();
            return plan.toString();
        }
    }
}
