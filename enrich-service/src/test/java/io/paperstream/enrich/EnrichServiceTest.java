package io.paperstream.enrich;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.paperstream.client.SeedPapers;
import io.paperstream.enrich.tagging.Taxonomy;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.EventJson;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The service against a real broker: the enrich stream and the theme router as they run in production. The tests
 * run in order on one fresh broker: the seed goes first.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrichServiceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String ENRICH_APPLICATION_ID = "paperstream-enrich";
    /** The documented default: the enrich application id plus {@code -themes}. */
    private static final String ROUTER_APPLICATION_ID = ENRICH_APPLICATION_ID + "-themes";
    private static final Serde<PaperEnriched> ENRICHED = new JsonSerde.PaperEnrichedSerde();

    /** The seed's expected themes (at least these), by title prefix. */
    private static final Map<String, List<String>> SEED_THEMES = Map.of(
            "When Does Model Collapse", List.of("model-collapse"),
            "Peak-Then-Collapse", List.of("reinforcement-learning", "tool-use", "knowledge-graphs"),
            "Two is better than one", List.of("reinforcement-learning"),
            "Bounding Compositional Incoherence", List.of("llm-agents"),
            "Contagion Networks", List.of("multi-agent-systems"),
            "Canonical-Context On-Policy Distillation", List.of("distillation"),
            "CausaLab", List.of("evaluation-benchmarks", "causal-inference"),
            "Steerable Model Merging", List.of("model-merging", "multilingual"),
            "Latent Space: How to Stop Shipping", List.of("reinforcement-learning"));

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @ConfigProperty(name = "paperstream.limits.max-record-bytes")
    int maxRecordBytes;

    @Inject
    Taxonomy taxonomy;

    @Test
    @Order(1)
    void theSeedComesOutEnrichedWithItsThemes() {
        List<PaperParsed> seed = SeedPapers.load().stream().map(p -> Papers.parsed(p.title(), p.summary())).toList();
        assertThat(seed).hasSize(9);
        send(seed);

        Map<String, PaperEnriched> enriched = awaitEnriched(ids(seed));

        assertThat(enriched).hasSize(9);
        SEED_THEMES.forEach((prefix, themes) -> {
            PaperEnriched paper = enriched.values().stream().filter(p -> p.title().startsWith(prefix)).findFirst()
                    .orElseThrow();
            assertThat(paper.themes()).as(paper.title()).extracting(ThemeTag::slug)
                    .contains(themes.toArray(String[]::new));
            assertThat(paper.taxonomyVersion()).isEqualTo(taxonomy.version());
            assertThat(paper.enrichedAt()).isNotNull();
        });
        assertThat(enriched.values()).allSatisfy(p -> assertThat(p.schemaVersion())
                .isEqualTo(PaperEnriched.SCHEMA_VERSION));
    }

    @Test
    @Order(2)
    void theReinforcementLearningTopicHoldsTheRlPapers() {
        Set<String> rlTitles = Set.of("Peak-Then-Collapse", "Two is better than one",
                "Latent Space: How to Stop Shipping");
        Set<String> rlIds = SeedPapers.load().stream().filter(p -> rlTitles.stream().anyMatch(p.title()::startsWith))
                .map(p -> Papers.parsed(p.title(), p.summary()).id()).collect(Collectors.toSet());

        try (ConsumerTask<String, PaperEnriched> topic = consume(TopicNames.themeTopic("reinforcement-learning"))) {
            await().atMost(TIMEOUT).until(() -> keys(topic).containsAll(rlIds));
            assertThat(topic.getRecords()).allSatisfy(r -> assertThat(r.value().themes()).extracting(ThemeTag::slug)
                    .contains("reinforcement-learning"));
        }
    }

    @Test
    @Order(3)
    void aPaperAppearsOnceOnPapersEnrichedAndOnceOnTheTopicOfEachOfItsThemes() {
        // the text names two themes of the taxonomy: the expected topics come from the words, not from the tagger
        String title = "Distilling a reinforcement learning policy " + UUID.randomUUID();
        PaperParsed paper = Papers.parsed(title,
                "We use knowledge distillation to compress a PPO policy trained with reinforcement learning.");
        // a later version of the same paper (same key, so the same partition everywhere, after it in order): once it
        // has come out, any second copy of the first version would already be there
        PaperParsed later = Papers.parsed(title, paper.summary() + " We also study reward models.");
        List<String> expectedThemes = List.of("reinforcement-learning", "distillation");
        List<String> topics = new ArrayList<>(List.of(TopicNames.ENRICHED));
        expectedThemes.forEach(slug -> topics.add(TopicNames.THEME_PREFIX + slug));

        try (ConsumerTask<String, byte[]> out = companion.consume(Serdes.String(), Serdes.ByteArray())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).withIsolationLevel(IsolationLevel.READ_COMMITTED)
                .fromTopics(topics.toArray(String[]::new))) {
            send(List.of(paper, later));

            await().atMost(TIMEOUT).until(() -> topics.stream()
                    .allMatch(topic -> summaries(out, topic, paper.id()).contains(later.summary())));
            for (String topic : topics) {
                assertThat(summaries(out, topic, paper.id())).as(topic)
                        .containsExactly(paper.summary(), later.summary());
            }
            // the copies are the bytes published on papers.enriched
            Map<String, List<byte[]>> bytesByTopic = out.getRecords().stream()
                    .filter(r -> paper.id().equals(r.key()))
                    .collect(Collectors.groupingBy(ConsumerRecord::topic,
                            Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
            for (String slug : expectedThemes) {
                assertThat(bytesByTopic.get(TopicNames.THEME_PREFIX + slug)).containsExactlyElementsOf(
                        bytesByTopic.get(TopicNames.ENRICHED));
            }
            PaperEnriched enriched = EventJson.fromBytes(bytesByTopic.get(TopicNames.ENRICHED).get(0),
                    PaperEnriched.class);
            assertThat(enriched.themes()).extracting(ThemeTag::slug).containsAll(expectedThemes);
        }
    }

    @Test
    @Order(4)
    void aPoisonRecordIsDeadLetteredAndTheNextGoodOneStillFlows() {
        String poisonKey = "poison-" + UUID.randomUUID();
        byte[] poison = "{\"title\": \"half a record".getBytes(StandardCharsets.UTF_8);
        companion.produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(new ProducerRecord<>(TopicNames.PARSED, poisonKey, poison)).awaitCompletion(TIMEOUT);
        PaperParsed good = Papers.parsed("A knowledge graph of karst springs " + UUID.randomUUID(),
                "We build an ontology and a knowledge graph of springs for SPARQL queries.");
        send(List.of(good));

        try (ConsumerTask<String, byte[]> deadLetters = companion.consume(Serdes.String(), Serdes.ByteArray())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).withIsolationLevel(IsolationLevel.READ_COMMITTED)
                .fromTopics(TopicNames.DEAD_LETTER)) {
            await().atMost(TIMEOUT).until(() -> deadLetters.getRecords().stream()
                    .anyMatch(r -> poisonKey.equals(r.key())));
            ConsumerRecord<String, byte[]> rejected = deadLetters.getRecords().stream()
                    .filter(r -> poisonKey.equals(r.key())).findFirst().orElseThrow();
            assertThat(rejected.value()).isEqualTo(poison);
            assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("PaperParsed");
            assertThat(header(rejected, DeadLetterHeaders.STAGE)).isEqualTo("enrich");
            assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(TopicNames.PARSED);
            assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_PARTITION)).isNotBlank();
            assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_OFFSET)).isNotBlank();
        }
        assertThat(awaitEnriched(Set.of(good.id())).get(good.id()).themes()).extracting(ThemeTag::slug)
                .contains("knowledge-graphs");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(4)
    void aPaperTooLargeToWriteIsDeadLetteredAndTheStreamGoesOn() {
        // valid and within the paper limits, and accepted by the broker on papers.parsed, but with headers that make
        // its enriched record (which carries them on) larger than the record limit: before the limit, a record too
        // large to write made the stream fail on it at every restart
        PaperParsed paper = Papers.parsed("Reinforcement learning with very heavy headers " + UUID.randomUUID(),
                "We train the agent with reinforcement learning.");
        ProducerRecord<String, byte[]> heavy = new ProducerRecord<>(TopicNames.PARSED, paper.id(),
                EventJson.toBytes(paper));
        heavy.headers().add("padding", new byte[maxRecordBytes]);
        companion.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(heavy).awaitCompletion(TIMEOUT);
        PaperParsed good = Papers.parsed("A knowledge graph of karst caves " + UUID.randomUUID(),
                "We build an ontology and a knowledge graph of caves for SPARQL queries.");
        send(List.of(good));

        ConsumerRecord<String, byte[]> rejected = awaitDeadLetter(paper.id());
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("larger than the " + maxRecordBytes);
        assertThat(rejected.value()).isEqualTo(EventJson.toBytes(paper));
        assertThat(rejected.headers().lastHeader("padding")).isNull();
        assertThat(awaitEnriched(Set.of(good.id())).get(good.id()).themes()).extracting(ThemeTag::slug)
                .contains("knowledge-graphs");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(4)
    void hostileRecordsWrittenStraightToKafkaAreDeadLetteredAndBothStreamsGoOn() {
        String run = UUID.randomUUID().toString();
        String summary = "We train the agent with reinforcement learning.";
        // as an attacker on the machine sent them to papers.parsed, bypassing ingest
        Map<String, byte[]> parsed = new LinkedHashMap<>();
        PaperParsed longTitle = paper("Reinforcement learning " + "t".repeat(500_000) + run, summary, Map.of());
        parsed.put(longTitle.id(), EventJson.toBytes(longTitle));
        PaperParsed control = paper("Reinforcement\u001B[2J learning " + run, summary, Map.of());
        parsed.put(control.id(), EventJson.toBytes(control));
        PaperParsed longSummary = paper("Reinforcement learning at length " + run, "s".repeat(920_000), Map.of());
        parsed.put(longSummary.id(), EventJson.toBytes(longSummary));
        PaperParsed negative = paper("Reinforcement learning, negatively " + run, summary, Map.of("guides", -7L));
        parsed.put(negative.id(), EventJson.toBytes(negative));
        companion.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(parsed.entrySet().stream()
                .map(e -> new ProducerRecord<>(TopicNames.PARSED, e.getKey(), e.getValue())).toList())
                .awaitCompletion(TIMEOUT);
        // and to papers.enriched, read by the theme router
        String unparsable = "unparsable-" + run;
        List<ThemeTag> themes = new ArrayList<>(List.of(new ThemeTag("reinforcement-learning", "RL", 0.9,
                List.of("reinforcement learning"))));
        for (int i = 0; i < 2_000; i++) {
            themes.add(new ThemeTag("fake-" + i + "-" + run, "Fake", 0.9, List.of("fake")));
        }
        themes.add(new ThemeTag("../../etc passwd " + run, "Absurd", 0.9, List.of("absurd")));
        PaperEnriched fake = PaperEnriched.of(Papers.parsed("Reinforcement learning on every theme " + run, summary),
                themes, Instant.parse("2026-11-26T09:00:00Z"), "forged");
        String fakeThemes = fake.id();
        companion.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                new ProducerRecord<>(TopicNames.ENRICHED, unparsable, "{\"themes\": [".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(TopicNames.ENRICHED, fakeThemes, EventJson.toBytes(fake)))
                .awaitCompletion(TIMEOUT);
        PaperParsed good = Papers.parsed("Reinforcement learning after the attack " + run, summary);
        send(List.of(good));

        assertThat(header(awaitDeadLetter(longTitle.id()), DeadLetterHeaders.REASON))
                .contains("title is longer than");
        assertThat(header(awaitDeadLetter(control.id()), DeadLetterHeaders.REASON))
                .contains("control character U+001B");
        assertThat(header(awaitDeadLetter(longSummary.id()), DeadLetterHeaders.REASON))
                .contains("summary is longer than");
        assertThat(header(awaitDeadLetter(negative.id()), DeadLetterHeaders.REASON)).contains("is -7, outside 0..");
        ConsumerRecord<String, byte[]> routerRejected = awaitDeadLetter(unparsable);
        assertThat(header(routerRejected, DeadLetterHeaders.STAGE)).isEqualTo("enrich-themes");
        // the good paper comes out enriched and on its theme topic, with the record of fake themes copied to its one
        // real theme only
        assertThat(awaitEnriched(Set.of(good.id()))).containsKey(good.id());
        try (ConsumerTask<String, byte[]> rl = companion.consume(Serdes.String(), Serdes.ByteArray())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).withIsolationLevel(IsolationLevel.READ_COMMITTED)
                .fromTopics("themes.reinforcement-learning")) {
            await().atMost(TIMEOUT).until(() -> rl.getRecords().stream().map(ConsumerRecord::key).toList()
                    .containsAll(List.of(fakeThemes, good.id())));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.contains(run));
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot list the topics", e);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    @Order(5)
    void everyThemeOfTheTaxonomyIsPublished() {
        try (ConsumerTask<String, ThemeDefinition> definitions = companion
                .consume(Serdes.String(), new JsonSerde.ThemeDefinitionSerde())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics("taxonomy.themes")) {
            Set<String> slugs = taxonomy.themes().stream().map(t -> t.slug()).collect(Collectors.toSet());
            await().atMost(TIMEOUT).until(() -> keys(definitions).containsAll(slugs));
            assertThat(definitions.getRecords()).allSatisfy(r -> {
                assertThat(r.value().slug()).isEqualTo(r.key());
                assertThat(r.value().label()).isNotBlank();
                assertThat(r.value().description()).isNotBlank();
                assertThat(r.value().taxonomyVersion()).isEqualTo(taxonomy.version());
            });
            assertThat(definitions.getRecords().stream().filter(r -> r.key().equals("model-collapse")).findFirst()
                    .orElseThrow().value().position()).isZero();
        }
    }

    @Test
    @Order(6)
    void readinessIncludesTheBrokerTheStreamAndTheRouter() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Kafka broker", "Enrich stream", "Theme router"))
                .body("checks.find { it.name == 'Theme router' }.data.'application.id'",
                        is(ROUTER_APPLICATION_ID)));
        // liveness: Quarkus' check of the enrich stream, and the router's
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItems("Kafka Streams state health check", "Theme router"));
    }

    @Test
    @Order(7)
    void bothApplicationsWriteInTransactionsOfTheirOwn() throws Exception {
        // exactly-once v2: one transactional producer per stream thread, its id prefixed by the application id
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
            List<String> transactionalIds = admin.listTransactions().all().get().stream()
                    .map(TransactionListing::transactionalId).toList();
            assertThat(transactionalIds).anyMatch(id -> id.startsWith(ROUTER_APPLICATION_ID + "-"));
            assertThat(transactionalIds).anyMatch(id -> id.startsWith(ENRICH_APPLICATION_ID + "-")
                    && !id.startsWith(ROUTER_APPLICATION_ID + "-"));
        }
    }

    @Test
    @Order(8)
    void metricsCountTheWorkOfTheRecordsSent() {
        Map<String, Double> before = counters();
        String run = UUID.randomUUID().toString();
        // two papers whose words name reinforcement learning, one about none of the themes, one poison record
        List<PaperParsed> papers = List.of(
                Papers.parsed("Reinforcement learning for robot control " + run,
                        "We train a robot arm with reinforcement learning, using PPO as the policy optimizer."),
                Papers.parsed("Reward shaping in reinforcement learning " + run,
                        "A study of reward shaping for deep reinforcement learning agents."),
                Papers.parsed("Sourdough bread at home " + run,
                        "Flour, water, salt and a starter; the crust browns in a hot oven."));
        String poisonKey = "metrics-poison-" + run;
        send(papers);
        companion.produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(new ProducerRecord<>(TopicNames.PARSED, poisonKey, "{not json".getBytes(StandardCharsets.UTF_8)))
                .awaitCompletion(TIMEOUT);

        // the expected counts come from what enrich wrote for these records
        Collection<PaperEnriched> enriched = awaitEnriched(ids(papers)).values();
        awaitDeadLetter(poisonKey);
        long tagged = enriched.stream().filter(p -> !p.themes().isEmpty()).count();
        long rl = enriched.stream().filter(p -> slugs(p).contains("reinforcement-learning")).count();
        long copies = enriched.stream().mapToLong(p -> p.themes().size()).sum();
        assertThat(rl).as("the two papers that name it").isEqualTo(2);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Map<String, Double> after = counters();
            assertThat(after.get(TAGGED) - before.get(TAGGED)).as(TAGGED).isEqualTo(tagged);
            assertThat(after.get(UNTAGGED) - before.get(UNTAGGED)).as(UNTAGGED).isEqualTo(enriched.size() - tagged);
            assertThat(after.get(RL_TAGGED) - before.get(RL_TAGGED)).as(RL_TAGGED).isEqualTo(rl);
            assertThat(after.get(DEAD_LETTERED) - before.get(DEAD_LETTERED)).as(DEAD_LETTERED).isEqualTo(1);
            assertThat(after.get(COPIES) - before.get(COPIES)).as(COPIES).isEqualTo(copies);
        });
        assertThat(given().get("/q/metrics").asString()).as("per-theme counts left enrich with the counting stage")
                .doesNotContain("paperstream_enrich_theme_papers");
    }

    private static final String TAGGED = "paperstream_enrich_papers_tagged_total";
    private static final String UNTAGGED = "paperstream_enrich_papers_untagged_total";
    private static final String DEAD_LETTERED = "paperstream_enrich_papers_dead_lettered_total";
    private static final String RL_TAGGED = "paperstream_enrich_themes_tagged_total{theme=\"reinforcement-learning\"";
    private static final String COPIES = "paperstream_enrich_theme_copies_total";

    /** The counters this test reads, from the Prometheus scrape (0 for one not registered yet). */
    private static Map<String, Double> counters() {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> values = new HashMap<>();
        for (String counter : List.of(TAGGED, UNTAGGED, DEAD_LETTERED, RL_TAGGED, COPIES)) {
            String name = counter.contains("{") ? counter.substring(0, counter.indexOf('{')) : counter;
            String label = counter.contains("{") ? counter.substring(counter.indexOf('{') + 1) : "";
            values.put(counter, scrape.lines()
                    .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                    .filter(line -> line.contains(label))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum());
        }
        return values;
    }

    private static Set<String> slugs(PaperEnriched paper) {
        return paper.themes().stream().map(ThemeTag::slug).collect(Collectors.toSet());
    }

    private static PaperParsed paper(String title, String summary, Map<String, Long> related) {
        return new PaperParsed(PaperParsed.SCHEMA_VERSION, PaperId.fromTitle(title), title, summary, related,
                "digest-hostile", "test", 1, Instant.parse("2026-11-26T08:00:00Z"));
    }

    /** The first dead letter with that key, once it is there. */
    private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        try (ConsumerTask<String, byte[]> deadLetters = companion.consume(Serdes.String(), Serdes.ByteArray())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).withIsolationLevel(IsolationLevel.READ_COMMITTED)
                .fromTopics(TopicNames.DEAD_LETTER)) {
            await().atMost(TIMEOUT).until(() -> deadLetters.getRecords().stream().anyMatch(r -> key.equals(r.key())));
            return deadLetters.getRecords().stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }

    private void send(List<PaperParsed> papers) {
        companion.produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(papers.stream()
                        .map(p -> new ProducerRecord<>(TopicNames.PARSED, p.id(), EventJson.toBytes(p))).toList())
                .awaitCompletion(TIMEOUT);
    }

    /** The latest enriched version of each paper, once every one of them has come out. */
    private Map<String, PaperEnriched> awaitEnriched(Set<String> ids) {
        // as bytes: a test writes hostile records straight to papers.enriched, and only these papers are read
        try (ConsumerTask<String, byte[]> topic = companion.consume(Serdes.String(), Serdes.ByteArray())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).withIsolationLevel(IsolationLevel.READ_COMMITTED)
                .fromTopics(TopicNames.ENRICHED)) {
            await().atMost(TIMEOUT).until(() -> keys(topic).containsAll(ids));
            return topic.getRecords().stream().filter(r -> ids.contains(r.key()))
                    .collect(Collectors.toMap(ConsumerRecord::key,
                            r -> EventJson.fromBytes(r.value(), PaperEnriched.class), (first, latest) -> latest));
        }
    }

    private ConsumerTask<String, PaperEnriched> consume(String topic) {
        return companion.consume(Serdes.String(), ENRICHED).withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withIsolationLevel(IsolationLevel.READ_COMMITTED).fromTopics(topic);
    }

    private static <V> Set<String> keys(ConsumerTask<String, V> task) {
        return task.getRecords().stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static Set<String> ids(List<PaperParsed> papers) {
        return papers.stream().map(PaperParsed::id).collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return DeadLetterHeaders.get(record.headers(), name);
    }

    /** The summaries of the paper's records on one topic, in the order they were read. */
    private static List<String> summaries(ConsumerTask<String, byte[]> task, String topic, String id) {
        return task.getRecords().stream().filter(r -> topic.equals(r.topic()) && id.equals(r.key()))
                .map(r -> EventJson.fromBytes(r.value(), PaperEnriched.class).summary()).toList();
    }
}
