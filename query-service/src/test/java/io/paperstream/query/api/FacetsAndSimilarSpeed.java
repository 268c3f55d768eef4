package io.paperstream.query.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.paperstream.client.Digests;
import io.paperstream.client.PaperRecord;
import io.paperstream.events.PaperEnriched;
import io.paperstream.query.catalog.write.TermCounts;
import io.paperstream.query.testing.CatalogDatabase;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.Papers;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * A measurement, not a test (it asserts nothing about time, and runs only when asked):
 * {@code -Dpaperstream-speed.papers=100000 -Dtest=FacetsAndSimilarSpeed} loads that many real abstracts of
 * ../shared/data/arxiv-abstracts-100k.txt.gz, with the production settings of similar papers, and prints the
 * latency of facets and similar papers over HTTP, and the time of one recount of the document frequencies.
 */
@QuarkusTest
@TestProfile(FacetsAndSimilarSpeed.ProductionSimilarSettings.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@EnabledIfSystemProperty(named = "paperstream-speed.papers", matches = "\\d+")
class FacetsAndSimilarSpeed {

    private static final List<Path> ABSTRACTS = List.of(Path.of("../../shared/data/arxiv-abstracts-100k.txt.gz"),
            Path.of("../../../shared/data/arxiv-abstracts-100k.txt.gz"));
    private static final String[][] KEYWORDS = {{"reinforcement-learning", "reinforcement"}, {"llm-agents", "agent"},
            {"reasoning", "reasoning"}, {"evaluation-benchmarks", "benchmark"}, {"reward-modeling", "reward"},
            {"multimodal", "multimodal"}, {"retrieval-augmentation", "retriev"}, {"computer-vision", "image"},
            {"efficiency", "efficien"}, {"alignment-safety", "safety"}};
    private static final int WARM_UP = 30;
    private static final int TIMED = 200;

    /** The application's own similar-papers settings, not the test profile's exhaustive ones. */
    public static class ProductionSimilarSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paperstream.query.similar.query-terms", "12",
                    "paperstream.query.similar.candidate-postings", "5000",
                    "paperstream.query.similar.df-refresh-interval", "5s");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @Inject
    TermCounts termCounts;

    @Test
    void measure() {
        int wanted = Integer.getInteger("paperstream-speed.papers");
        Path file = ABSTRACTS.stream().filter(Files::isRegularFile).findFirst().orElseThrow();
        List<PaperEnriched> papers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        for (PaperRecord record : Digests.read(file, wanted + wanted / 20)) {
            if (papers.size() == wanted || !ids.add(record.expectedId())) {
                continue;
            }
            String text = (record.title() + " " + record.summary()).toLowerCase(Locale.ROOT);
            String[] themes = Arrays.stream(KEYWORDS).filter(k -> text.contains(k[1])).map(k -> k[0])
                    .toArray(String[]::new);
            int i = papers.size();
            papers.add(Papers.paper(record.title(), record.summary(), "source-" + (i % 7), Map.of(),
                    first.plusSeconds(i), themes));
        }
        CatalogDatabase.emptyPapers(dataSource);
        CatalogTopics.publishTaxonomy(kafka);
        long loadStart = System.nanoTime();
        for (int from = 0; from < papers.size(); from += 5000) {
            CatalogTopics.publish(kafka, papers.subList(from, Math.min(papers.size(), from + 5000)));
        }
        int n = papers.size();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            given().get("/papers?limit=1").then().statusCode(200).body("total", is(n));
            given().get("/stats").then().statusCode(200).body("searchPending", is(0));
        });
        System.out.printf("SPEED loaded and indexed %d papers in %.1f s%n", n, (System.nanoTime() - loadStart) / 1e9);
        long recountStart = System.nanoTime();
        termCounts.recountIfStale(Duration.ZERO, 0);
        System.out.printf("SPEED recount of term_df over %d papers: %.1f s%n", n,
                (System.nanoTime() - recountStart) / 1e9);

        Random random = new Random(14);
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            sample.add(papers.get(random.nextInt(n)).id());
        }
        time("/papers/{id}/similar?limit=10", i -> "/papers/" + sample.get(i) + "/similar?limit=10");
        time("/papers?limit=20&facets=theme,source (no filter)", i -> "/papers?limit=20&facets=theme,source");
        time("/papers?theme=llm-agents&facets=theme,source", i -> "/papers?limit=20&theme=llm-agents&facets=theme,source");
        time("/papers?theme=reasoning&theme=reward-modeling&facets=theme",
                i -> "/papers?limit=20&theme=reasoning&theme=reward-modeling&facets=theme");
        time("/papers?q=quantization&facets=theme,source", i -> "/papers?limit=20&q=quantization&facets=theme,source");
        time("/papers?q=diffusion&facets=theme,source", i -> "/papers?limit=20&q=diffusion&facets=theme,source");
        time("/papers?q=model&facets=theme,source", i -> "/papers?limit=20&q=model&facets=theme,source");
        time("/papers?source=source-3&facets=theme", i -> "/papers?limit=20&source=source-3&facets=theme");
        time("/papers (no facets, for comparison)", i -> "/papers?limit=20");
    }

    private static void time(String name, java.util.function.IntFunction<String> url) {
        long[] took = new long[TIMED];
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            long start = System.nanoTime();
            given().get(url.apply(i)).then().statusCode(200);
            if (i >= WARM_UP) {
                took[i - WARM_UP] = System.nanoTime() - start;
            }
        }
        Arrays.sort(took);
        System.out.printf("SPEED %-60s p50 %6.1f ms  p95 %6.1f ms%n", name, took[TIMED / 2] / 1e6,
                took[(int) Math.ceil(TIMED * 0.95) - 1] / 1e6);
    }
}
