package io.paperstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.CatalogClient.CatalogPaper;
import io.paperstream.client.CatalogClient;
import io.paperstream.client.Digests;
import io.paperstream.client.Http;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;
import io.paperstream.client.SseSubscriber;
import io.paperstream.e2e.corpus.SyntheticPapers;
import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.Progress;
import io.paperstream.events.PaperId;

/**
 * The whole pipeline, packaged and running as separate processes: the seed and a few thousand real papers
 * (or generated ones where the shared data is absent) go in through ingest's HTTP API; then the catalog is
 * read back through query's API and checked against what ingest accepted and against counts computed here,
 * independently, from the catalog's own listing. A Server-Sent Events subscriber listens to one theme's
 * stream from before the first digest.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

    static final String STREAMED_THEME = "reinforcement-learning";
    static final int RECORDS_PER_DIGEST = 500;
    static final int SYNTHETIC_PAPERS = 3_000;
    static final Duration CATALOG_MAX_WAIT = Duration.ofMinutes(4);
    static final Duration CATALOG_QUIET = Duration.ofSeconds(5);
    static final int RELATED_SAMPLE = 300;

    /**
     * Themes the seed's papers are plainly about (each must be among the paper's themes), by title prefix, and
     * themes a passing word must not trigger ("collapse" of training dynamics is not model collapse).
     */
    static final Map<String, Set<String>> SEED_THEMES = Map.of(
            "When Does Model Collapse Occur", Set.of("model-collapse"),
            "Peak-Then-Collapse", Set.of("reinforcement-learning", "tool-use", "knowledge-graphs"),
            "Two is better than one", Set.of("reinforcement-learning", "reward-modeling"),
            "Bounding Compositional Incoherence", Set.of("llm-agents"),
            "Contagion Networks", Set.of("multi-agent-systems"),
            "Canonical-Context On-Policy Distillation", Set.of("distillation"),
            "CausaLab", Set.of("causal-inference", "evaluation-benchmarks"),
            "Steerable Model Merging", Set.of("model-merging", "multilingual"),
            "Latent Space: How to Stop Shipping Low-Quality RL Environments", Set.of("reinforcement-learning"));
    static final Map<String, Set<String>> SEED_NOT_THEMES = Map.of(
            "Peak-Then-Collapse", Set.of("model-collapse"),
            "Two is better than one", Set.of("model-collapse"));

    private static PipelineHarness harness;
    private static IngestClient ingest;
    private static CatalogClient catalog;
    private static SseSubscriber themeStream;
    private static List<PaperRecord> seed;
    /** Every paper ingest answered 202 for: id to the title it reported. */
    private static final Map<String, String> accepted = new LinkedHashMap<>();
    private static final List<String> idMismatches = new ArrayList<>();
    private static int digestsPosted;
    private static int rejectedRecords;
    private static CatalogClient.Walk walk;

    @BeforeAll
    static void streamDigestsThroughThePipeline() {
        harness = PipelineHarness.shared();
        harness.startFresh("pipeline");
        ingest = new IngestClient(harness.ingest()::uri, harness.ingestToken());
        catalog = new CatalogClient(harness.query()::uri, line -> Progress.log("%s", line));
        // query learns the themes from taxonomy.themes, which enrich publishes at startup: a stream of a theme
        // it does not know yet is a 404
        await("query knows theme " + STREAMED_THEME).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> catalog.themePaperCounts().containsKey(STREAMED_THEME));
        themeStream = SseSubscriber.open(harness.query().uri("/themes/" + STREAMED_THEME + "/stream"));

        seed = Digests.read(harness.layout().seedDigest());
        List<PaperRecord> corpus = harness.layout().realDigest5k().map(Digests::read)
                .orElseGet(() -> SyntheticPapers.generate(SYNTHETIC_PAPERS, "pipeline", 20261126L));
        Progress.log("posting the seed (%d papers) and %d more papers (%s) in digests of %d", seed.size(),
                corpus.size(), harness.layout().realDigest5k().map(Object::toString).orElse("synthetic"),
                RECORDS_PER_DIGEST);

        post(seed);
        Digests.chunks(corpus, RECORDS_PER_DIGEST).forEach(PipelineEndToEndTest::post);
        Progress.log("ingest accepted %d distinct papers in %d digests (%d records rejected)", accepted.size(),
                digestsPosted, rejectedRecords);

        long inCatalog = catalog.awaitQuiet(accepted.size(), CATALOG_QUIET, CATALOG_MAX_WAIT);
        walk = catalog.walk(null);
        Progress.log("catalog: /stats says %d papers, the listing walk found %d (%d distinct) in %d pages",
                inCatalog, walk.papers().size(), walk.ids().size(), walk.pages());
    }

    private static void post(List<PaperRecord> records) {
        IngestClient.Answer answer = ingest.post(Digests.render(records));
        digestsPosted++;
        assertThat(answer.status()).as("ingest answer to digest #%d: %s", digestsPosted, answer.body())
                .isEqualTo(202);
        for (JsonNode paper : answer.json().path("papers")) {
            String id = paper.path("id").asText();
            String title = paper.path("title").asText();
            accepted.put(id, title);
            if (!id.equals(PaperId.fromTitle(title))) {
                idMismatches.add(id + " for " + title);
            }
        }
        rejectedRecords += answer.rejectedCount();
    }

    @AfterAll
    static void closeStream() {
        if (themeStream != null) {
            themeStream.close();
        }
    }

    @Test
    @Order(1)
    void ingestAcceptsEveryRecordOfTheSeedUnderItsTitleId() {
        Set<String> seedIds = new HashSet<>();
        seed.forEach(record -> seedIds.add(record.expectedId()));
        assertThat(accepted.keySet()).as("seed papers accepted by ingest").containsAll(seedIds);
        assertThat(idMismatches).as("ids that are not PaperId.fromTitle(title)").isEmpty();
    }

    @Test
    @Order(2)
    void catalogHoldsExactlyTheAcceptedPapersOnceEach() {
        assertThat(catalog.statsPaperCount()).as("/stats papers").isEqualTo(accepted.size());
        assertThat(walk.duplicates()).as("papers listed twice by the cursor walk").isZero();
        assertThat(walk.ids()).as("papers in the catalog listing").containsExactlyInAnyOrderElementsOf(
                accepted.keySet());
        Map<String, String> titles = new HashMap<>();
        walk.papers().forEach(p -> titles.put(p.id(), p.title()));
        assertThat(titles).as("titles in the catalog").containsExactlyInAnyOrderEntriesOf(accepted);
    }

    @Test
    @Order(3)
    void everyAcceptedPaperAnswersWithItsThemes() throws Exception {
        Map<String, Set<String>> listedThemes = new HashMap<>();
        walk.papers().forEach(p -> listedThemes.put(p.id(), p.themes()));
        Map<String, String> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String id : accepted.keySet()) {
                checks.add(pool.submit(() -> {
                    HttpResponse<String> response = catalog.paperResponse(id);
                    if (response.statusCode() != 200) {
                        failures.put(id, "status " + response.statusCode());
                        return;
                    }
                    JsonNode paper = Http.json(response.body());
                    if (!id.equals(paper.path("id").asText())) {
                        failures.put(id, "answered paper " + paper.path("id"));
                    } else if (!CatalogClient.slugs(paper).equals(listedThemes.get(id))) {
                        failures.put(id, "themes " + CatalogClient.slugs(paper) + " but listed with "
                                + listedThemes.get(id));
                    }
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } finally {
            pool.shutdown();
        }
        Progress.log("GET /papers/{id} for all %d accepted papers: %d failures", accepted.size(), failures.size());
        assertThat(failures).as("papers whose detail is missing or disagrees with the listing").isEmpty();
    }

    @Test
    @Order(4)
    void seedPapersCarryTheThemesTheyAreAbout() {
        for (PaperRecord record : seed) {
            JsonNode paper = catalog.paper(record.expectedId());
            Set<String> themes = CatalogClient.slugs(paper);
            SEED_THEMES.forEach((prefix, expected) -> {
                if (record.title().startsWith(prefix)) {
                    assertThat(themes).as("themes of '%s'", record.title()).containsAll(expected);
                }
            });
            SEED_NOT_THEMES.forEach((prefix, unexpected) -> {
                if (record.title().startsWith(prefix)) {
                    assertThat(themes).as("themes of '%s'", record.title()).doesNotContainAnyElementsOf(unexpected);
                }
            });
            for (JsonNode theme : paper.path("themes")) {
                assertThat(theme.path("label").asText()).as("label of %s", theme.path("slug")).isNotBlank();
                assertThat(theme.path("score").asDouble()).as("score of %s", theme.path("slug")).isBetween(0.0, 1.0);
                assertThat(theme.path("matched")).as("matched terms of %s", theme.path("slug")).isNotEmpty();
            }
        }
        assertThat(SEED_THEMES.keySet()).as("every expectation names a seed paper")
                .allMatch(prefix -> seed.stream().anyMatch(r -> r.title().startsWith(prefix)));
    }

    @Test
    @Order(5)
    void themePaperCountsEqualAnIndependentCountOfTheCatalog() {
        Map<String, Long> counted = new TreeMap<>();
        for (CatalogPaper paper : walk.papers()) {
            paper.themes().forEach(slug -> counted.merge(slug, 1L, Long::sum));
        }
        Map<String, Long> reported = catalog.themePaperCounts();
        Progress.log("theme counts (counted here): %s", counted);

        assertThat(counted).as("themes carried by catalog papers").isNotEmpty();
        for (Map.Entry<String, Long> theme : reported.entrySet()) {
            assertThat(theme.getValue()).as("paperCount of %s in /themes", theme.getKey())
                    .isEqualTo(counted.getOrDefault(theme.getKey(), 0L));
        }
        assertThat(reported.keySet()).as("/themes lists every theme a paper carries").containsAll(counted.keySet());
        for (String slug : List.of(STREAMED_THEME, "llm-agents")) {
            assertThat(catalog.walk(slug).ids()).as("/papers?theme=%s", slug)
                    .containsExactlyInAnyOrderElementsOf(idsWithTheme(slug));
        }
    }

    @Test
    @Order(6)
    void relatedPapersCountsEveryOtherPaperSharingATheme() {
        Map<String, Set<String>> papersByTheme = new HashMap<>();
        Map<String, Set<String>> themesById = new HashMap<>();
        for (CatalogPaper paper : walk.papers()) {
            themesById.put(paper.id(), paper.themes());
            paper.themes().forEach(slug -> papersByTheme.computeIfAbsent(slug, s -> new HashSet<>()).add(paper.id()));
        }
        List<String> shuffled = new ArrayList<>(themesById.keySet());
        Collections.shuffle(shuffled, new Random(42));
        List<String> sample = new ArrayList<>(shuffled.subList(0, Math.min(RELATED_SAMPLE, shuffled.size())));
        seed.forEach(record -> sample.add(record.expectedId()));

        int withThemes = 0;
        for (String id : sample) {
            Set<String> sharing = new HashSet<>();
            themesById.get(id).forEach(slug -> sharing.addAll(papersByTheme.get(slug)));
            long expected = sharing.isEmpty() ? 0 : sharing.size() - 1;
            withThemes += sharing.isEmpty() ? 0 : 1;
            assertThat(catalog.paper(id).path("relatedPapers").asLong(-1)).as("relatedPapers of %s (%s)", id,
                    themesById.get(id)).isEqualTo(expected);
        }
        assertThat(withThemes).as("sampled papers with at least one theme").isPositive();
    }

    @Test
    @Order(7)
    void streamSubscriberSawEveryPaperOfItsTheme() {
        Set<String> expected = idsWithTheme(STREAMED_THEME);
        assertThat(expected).as("catalog papers about " + STREAMED_THEME).isNotEmpty();
        await("SSE events of every " + STREAMED_THEME + " paper").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(themeStream.paperIds()).containsAll(expected));
        assertThat(themeStream.paperIds()).as("papers streamed on " + STREAMED_THEME)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(themeStream.problems()).as("stream problems").isEmpty();
        // the id is the stream's position in the theme topic: <partition>-<next offset> pairs joined by dots
        assertThat(themeStream.events()).as("events with a position id")
                .allMatch(e -> e.id() != null && e.id().matches("\\d+-\\d+(\\.\\d+-\\d+)*"));
        Progress.log("SSE %s: %d events, %d distinct papers (catalog: %d)", STREAMED_THEME,
                themeStream.events().size(), themeStream.paperIds().size(), expected.size());
    }

    @Test
    @Order(8)
    void postingWithoutTheTokenIsRefused() {
        byte[] digest = Digests.render(seed.subList(0, 1)).getBytes(StandardCharsets.UTF_8);
        for (String token : new String[] { null, "not-" + harness.ingestToken() }) {
            IngestClient.Answer answer = ingest.post(digest, IngestClient.TEXT_PLAIN, token);
            assertThat(answer.status()).as("POST /digests with token %s", token).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("status").asInt()).isEqualTo(401);
        }
    }

    private static Set<String> idsWithTheme(String slug) {
        Set<String> ids = new HashSet<>();
        walk.papers().stream().filter(p -> p.themes().contains(slug)).forEach(p -> ids.add(p.id()));
        return ids;
    }
}
