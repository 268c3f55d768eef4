package io.paperstream.query.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.PaperEnriched;
import io.paperstream.query.testing.CatalogDatabase;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.Papers;
import io.paperstream.query.testing.Taxonomy;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Materialization against the real broker and database: redeliveries and late older versions change nothing,
 * retags move the theme combinations, poison records are dead-lettered while consumption goes on, tombstones
 * remove papers. Each test uses its own papers and checks only those, plus invariants that hold for the whole
 * catalog.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class MaterializationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant BASE = Instant.parse("2026-10-01T08:00:00Z");
    private static boolean taxonomyPublished;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void taxonomy() {
        if (!taxonomyPublished) {
            CatalogTopics.publishTaxonomy(kafka);
            taxonomyPublished = true;
        }
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        PaperEnriched a = paper("Redelivery A: tool-using RL agents", 0, "reinforcement-learning", "tool-use");
        PaperEnriched b = paper("Redelivery B: chat assistants", 1, "dialogue");
        sendInOrder(a, b);
        awaitPresent(a, b);
        long sequenceA = CatalogDatabase.sequenceOf(dataSource, a.id());
        long sequenceB = CatalogDatabase.sequenceOf(dataSource, b.id());
        String detailA = given().get("/papers/" + a.id()).asString();

        PaperEnriched marker = paper("Redelivery marker", 2, "dialogue");
        sendInOrder(a, b, marker);
        awaitPresent(marker);

        assertThat(CatalogDatabase.sequenceOf(dataSource, a.id())).isEqualTo(sequenceA);
        assertThat(CatalogDatabase.sequenceOf(dataSource, b.id())).isEqualTo(sequenceB);
        // the marker shares no theme with A: A reads exactly as before
        assertThat(given().get("/papers/" + a.id()).asString()).isEqualTo(detailA);
        assertCombosMatchPapers();
    }

    @Test
    void anOlderVersionArrivingLateNeverOverwritesANewerOne() {
        PaperEnriched original = paper("Late versions: distilling multilingual reasoners", 10, "reasoning");
        PaperEnriched retag = Papers.retagged(original, original.enrichedAt().plusSeconds(3600), "distillation",
                "multilingual");
        sendInOrder(retag);
        awaitThemes(retag, "distillation", "multilingual");
        long sequence = CatalogDatabase.sequenceOf(dataSource, retag.id());

        PaperEnriched marker = paper("Late versions marker", 11, "dialogue");
        sendInOrder(original, marker);
        awaitPresent(marker);
        JsonPath detail = new JsonPath(given().get("/papers/" + retag.id()).asString());
        assertThat(detail.getList("themes.slug", String.class)).containsExactly("distillation", "multilingual");
        assertThat(detail.getString("taxonomyVersion")).isEqualTo(retag.taxonomyVersion());
        assertThat(CatalogDatabase.sequenceOf(dataSource, retag.id())).isEqualTo(sequence);
        assertCombosMatchPapers();

        // a newer version does replace it, moving the paper to its new theme combination
        PaperEnriched newer = Papers.retagged(original, original.enrichedAt().plusSeconds(7200), "reasoning",
                "evaluation-benchmarks");
        sendInOrder(newer);
        awaitThemes(newer, "reasoning", "evaluation-benchmarks");
        assertThat(CatalogDatabase.sequenceOf(dataSource, newer.id())).isGreaterThan(sequence);
        assertCombosMatchPapers();
    }

    @Test
    void poisonRecordsAreDeadLetteredAndConsumptionGoesOn() {
        PaperEnriched keyMismatch = paper("Poison: a key that is not the id", 20, "dialogue");
        PaperEnriched nul = paper("Poison: NUL \u0000 in the title", 21, "dialogue");
        List<ProducerRecord<String, String>> poison = List.of(
                new ProducerRecord<>(CatalogTopics.ENRICHED, 0, "poison-not-json", "this is not JSON {"),
                new ProducerRecord<>(CatalogTopics.ENRICHED, 0, "poison-no-title",
                        "{\"schemaVersion\":1,\"id\":\"poison-no-title\",\"ingestedAt\":\"" + BASE
                                + "\",\"enrichedAt\":\"" + BASE + "\"}"),
                // valid JSON that jsonb would refuse: a lone surrogate escape in a matched term
                new ProducerRecord<>(CatalogTopics.ENRICHED, 0, "poison-lone-surrogate",
                        "{\"id\":\"poison-lone-surrogate\",\"title\":\"t\",\"ingestedAt\":\"" + BASE
                                + "\",\"enrichedAt\":\"" + BASE + "\",\"themes\":[{\"slug\":\"dialogue\","
                                + "\"score\":0.5,\"matched\":[\"\\ud800\"]}]}"),
                new ProducerRecord<>(CatalogTopics.ENRICHED, 0, "poison-wrong-key", CatalogTopics.json(keyMismatch)),
                new ProducerRecord<>(CatalogTopics.ENRICHED, 0, nul.id(), CatalogTopics.json(nul)));
        PaperEnriched good = paper("Poison: the good paper after them", 22, "dialogue");
        List<ProducerRecord<String, String>> records = new ArrayList<>(poison);
        records.add(CatalogTopics.record(good, 0));
        List<RecordMetadata> sent = kafka.produceStrings().fromRecords(records).awaitCompletion(TIMEOUT)
                .getRecords();
        awaitPresent(good);

        Set<String> keys = poison.stream().map(ProducerRecord::key).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka
                .<String, byte[]>consumeWithDeserializers(new StringDeserializer(), new ByteArrayDeserializer())
                .withProp("auto.offset.reset", "earliest")
                .fromTopics(CatalogTopics.DEAD_LETTER, multi -> multi.filter(r -> keys.contains(r.key())))
                .awaitRecords(poison.size(), TIMEOUT).getRecords();
        Map<String, Long> offsetByKey = new HashMap<>();
        for (int i = 0; i < poison.size(); i++) {
            offsetByKey.put(poison.get(i).key(), sent.get(i).offset());
        }
        assertThat(deadLetters).hasSize(poison.size());
        for (ConsumerRecord<String, byte[]> dead : deadLetters) {
            ProducerRecord<String, String> original = poison.stream().filter(p -> p.key().equals(dead.key()))
                    .findFirst().orElseThrow();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(original.value());
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("query");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isNotBlank();
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                    .isEqualTo(CatalogTopics.ENRICHED);
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET))
                    .isEqualTo(Long.toString(offsetByKey.get(dead.key())));
        }
        given().get("/papers/" + keyMismatch.id()).then().statusCode(404);
        given().get("/papers/" + nul.id()).then().statusCode(404);
        given().get("/papers/poison-lone-surrogate").then().statusCode(404);
    }

    /**
     * What any process with broker access can write to papers.enriched, beyond the limits ingest applies (issue
     * 15): each record is dead-lettered with the limit it breaks as its reason, and the good paper after them is
     * materialized.
     */
    @Test
    void recordsBeyondTheLimitsAreDeadLetteredWithTheirReasonAndConsumptionGoesOn() {
        Map<String, byte[]> hostile = new java.util.LinkedHashMap<>(EnrichedPaperDecoderTest.hostileRecords());
        // as sent by the attacker: a paper with 62,000 related kinds (about 0.8 MB, within the record limit)
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < 62_000; i++) {
            kinds.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        hostile.put("62000 related kinds", ("{\"id\":\"p1\",\"title\":\"t\",\"ingestedAt\":\"" + BASE
                + "\",\"enrichedAt\":\"" + BASE + "\",\"related\":{" + kinds + "}}").getBytes(StandardCharsets.UTF_8));
        List<String> reasons = new ArrayList<>(hostile.keySet());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            records.add(new ProducerRecord<>(CatalogTopics.ENRICHED, 0, "hostile-" + i, hostile.get(reasons.get(i))));
        }
        PaperEnriched good = paper("Limits: the good paper after the hostile records", 23, "dialogue");
        records.add(new ProducerRecord<>(CatalogTopics.ENRICHED, 0, good.id(),
                CatalogTopics.json(good).getBytes(StandardCharsets.UTF_8)));
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(TIMEOUT);
        awaitPresent(good);

        List<ConsumerRecord<String, byte[]>> deadLetters = kafka
                .<String, byte[]>consumeWithDeserializers(new StringDeserializer(), new ByteArrayDeserializer())
                .withProp("auto.offset.reset", "earliest")
                .withProp("max.partition.fetch.bytes", "2000000")
                .fromTopics(CatalogTopics.DEAD_LETTER, multi -> multi.filter(r -> r.key().startsWith("hostile-")))
                .awaitRecords(reasons.size(), TIMEOUT).getRecords();
        assertThat(deadLetters).hasSize(reasons.size());
        for (ConsumerRecord<String, byte[]> dead : deadLetters) {
            String reason = reasons.get(Integer.parseInt(dead.key().substring("hostile-".length())));
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).as(reason).contains(reason);
            assertThat(dead.value()).as(reason).isEqualTo(hostile.get(reason));
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("query");
        }
        // none of them reached the catalog: every hostile record carries the id p1
        given().get("/papers/p1").then().statusCode(404);
    }

    @Test
    void aTombstoneRemovesThePaper() {
        PaperEnriched paper = paper("Tombstone: a paper withdrawn", 30, "interpretability", "efficiency");
        sendInOrder(paper);
        awaitPresent(paper);
        CatalogTopics.send(kafka, List.of(new ProducerRecord<>(CatalogTopics.ENRICHED, 0, paper.id(), null)));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/papers/" + paper.id()).then().statusCode(404));
        assertCombosMatchPapers();
    }

    @Test
    void aThemeOnlySeenOnPapersIsListedWithItsSlugAsLabel() {
        PaperEnriched paper = paper("Undefined theme: quantum widgets", 40, "quantum-widgets", "efficiency");
        sendInOrder(paper);
        awaitPresent(paper);
        JsonPath themes = new JsonPath(given().get("/themes").asString());
        Map<String, Object> theme = themes.getMap("find { it.slug == 'quantum-widgets' }");
        assertThat(theme).containsEntry("label", "quantum-widgets").containsEntry("defined", false)
                .containsEntry("paperCount", 1);
        JsonPath page = new JsonPath(given().get("/papers?theme=quantum-widgets").asString());
        assertThat(page.getList("items.id", String.class)).containsExactly(paper.id());
    }

    @Test
    void aSchema1RecordIsMaterializedWithItsOwnCountsIgnored() {
        String id = "schema-1-record-of-materialization-test";
        Instant ingestedAt = BASE.plusSeconds(60L * 50);
        // as enrich wrote it before schema 2: relatedPapers and paperCount were "so far" counts, now ignored
        String value = """
                {"schemaVersion":1,"id":"%s","title":"Schema 1: a record from before the counts left the event",
                 "summary":"Still readable.","related":{"guides":3,"datasets":0},"digestId":"digest-s1",
                 "source":"materialization-test","line":4,"ingestedAt":"%s",
                 "themes":[{"slug":"dialogue","label":"Dialogue","score":0.7,"matched":["chat","dialogue"],
                            "paperCount":12}],
                 "relatedPapers":40,"enrichedAt":"%s","taxonomyVersion":"test-taxonomy-1"}
                """.formatted(id, ingestedAt, ingestedAt.plusSeconds(1));
        CatalogTopics.send(kafka, List.of(new ProducerRecord<>(CatalogTopics.ENRICHED, 0, id, value)));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/papers/" + id).then().statusCode(200));

        JsonPath detail = new JsonPath(given().get("/papers/" + id).asString());
        assertThat(detail.getMap("related")).containsOnly(Map.entry("guides", 3), Map.entry("datasets", 0));
        assertThat(detail.getList("themes.slug", String.class)).containsExactly("dialogue");
        assertThat(detail.getList("themes[0].matched", String.class)).containsExactly("chat", "dialogue");
        assertThat(detail.getInt("line")).isEqualTo(4);
        assertThat(detail.getLong("relatedPapers"))
                .isEqualTo(CatalogDatabase.relatedByJoin(dataSource, "materialization-test").get(id));
        assertCombosMatchPapers();
    }

    @Test
    void aLargeBurstIsMaterializedInBatchesWithExactCounts() {
        List<String> slugs = Taxonomy.definitions().stream().map(d -> d.slug()).toList();
        List<PaperEnriched> burst = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // one to three themes, spread over the taxonomy so combinations repeat and overlap
            List<String> themes = new ArrayList<>();
            for (int t = 0; t <= i % 3; t++) {
                String slug = slugs.get((i * 7 + t * 5) % slugs.size());
                if (!themes.contains(slug)) {
                    themes.add(slug);
                }
            }
            burst.add(Papers.paper("Burst paper " + i, "A paper of the burst, number " + i + ".", "burst", Map.of(),
                    BASE.plusSeconds(1000 + i), themes.toArray(String[]::new)));
        }
        CatalogTopics.publish(kafka, burst);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                new JsonPath(given().get("/papers?source=burst&limit=1").asString()).getInt("total")).isEqualTo(600));
        assertCombosMatchPapers();
        Map<String, Long> expected = CatalogDatabase.relatedByJoin(dataSource, "burst");
        String cursor = null;
        int checked = 0;
        do {
            JsonPath page = new JsonPath(given().get("/papers?source=burst&limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor)).asString());
            for (Map<String, Object> item : page.<Map<String, Object>>getList("items")) {
                assertThat(((Number) item.get("relatedPapers")).longValue()).as((String) item.get("title"))
                        .isEqualTo(expected.get((String) item.get("id")));
                checked++;
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(checked).isEqualTo(600);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static PaperEnriched paper(String title, int minute, String... slugs) {
        return Papers.paper(title, "Summary of " + title + ".", "materialization-test", Map.of(),
                BASE.plusSeconds(60L * minute), slugs);
    }

    /** On one partition, so they are materialized in this order. */
    private void sendInOrder(PaperEnriched... papers) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (PaperEnriched paper : papers) {
            records.add(CatalogTopics.record(paper, 0));
        }
        CatalogTopics.send(kafka, records);
    }

    private static void awaitPresent(PaperEnriched... papers) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (PaperEnriched paper : papers) {
                given().get("/papers/" + paper.id()).then().statusCode(200);
            }
        });
    }

    private static void awaitThemes(PaperEnriched paper, String... slugs) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                new JsonPath(given().get("/papers/" + paper.id()).then().statusCode(200).extract().asString())
                        .getList("themes.slug", String.class)).containsExactly(slugs));
    }

    /** theme_combo is exactly the papers counted by theme mask. */
    private void assertCombosMatchPapers() {
        assertThat(CatalogDatabase.storedCombos(dataSource)).isEqualTo(CatalogDatabase.countedCombos(dataSource));
    }
}
