package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;

class ThemeRouterTopologyTest {

    private static final StreamTopics TOPICS = new StreamTopics(TopicNames.PARSED, TopicNames.ENRICHED,
            TopicNames.DEAD_LETTER, TopicNames.THEME_PREFIX);
    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    /** The themes of the taxonomy in use: the only topics the router may write. */
    private static final Set<String> TAXONOMY_SLUGS = Set.of("reinforcement-learning", "distillation",
            "model-merging");

    private SimpleMeterRegistry registry;
    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> enriched;

    @BeforeEach
    void startDriver() {
        registry = new SimpleMeterRegistry();
        topology = ThemeRouterTopology.build(TOPICS, TAXONOMY_SLUGS, EnrichTopologyTest.LIMITS,
                new EnrichMetrics(registry), EnrichTopologyTest.PACING);
        driver = new TopologyTestDriver(topology, driverConfig());
        enriched = driver.createInputTopic(TOPICS.enriched(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void eachPaperGoesToExactlyTheTopicsOfItsThemesWithIdenticalBytesAndKey() {
        PaperEnriched twoThemes = paper("Distilling an RL policy", "reinforcement-learning", "distillation");
        PaperEnriched oneTheme = paper("Model soups", "model-merging");
        PaperEnriched noTheme = paper("Groundwater nitrate in karst aquifers");
        byte[] twoThemesJson = EventJson.toBytes(twoThemes);
        byte[] oneThemeJson = EventJson.toBytes(oneTheme);
        enriched.pipeInput(twoThemes.id(), twoThemesJson);
        enriched.pipeInput(oneTheme.id(), oneThemeJson);
        enriched.pipeInput(noTheme.id(), EventJson.toBytes(noTheme));

        assertThat(driver.producedTopicNames()).containsExactlyInAnyOrder("themes.reinforcement-learning",
                "themes.distillation", "themes.model-merging");
        assertThat(read("themes.reinforcement-learning")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(twoThemes.id());
            assertThat(r.value()).isEqualTo(twoThemesJson);
        });
        assertThat(read("themes.distillation")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(twoThemes.id());
            assertThat(r.value()).isEqualTo(twoThemesJson);
        });
        assertThat(read("themes.model-merging")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(oneTheme.id());
            assertThat(r.value()).isEqualTo(oneThemeJson);
        });
        assertThat(registry.get("paperstream.enrich.theme.copies").counter().count()).isEqualTo(3);
    }

    @Test
    void theBytesAreCopiedAsTheyAreNotReSerialized() {
        // field order, spacing and a field this version does not know survive the copy
        byte[] json = """
                { "title" : "Some paper",  "futureField": {"nested": [1, 2]},
                  "themes": [ {"label": "Distillation", "slug": "distillation", "matched": ["distillation"]} ],
                  "schemaVersion": 2 }""".getBytes(StandardCharsets.UTF_8);
        enriched.pipeInput("some-id", json);

        assertThat(read("themes.distillation")).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(json));
    }

    @Test
    void aTombstoneProducesNothing() {
        enriched.pipeInput("deleted-paper", (byte[]) null);

        assertThat(driver.producedTopicNames()).isEmpty();
    }

    @Test
    void aRecordWhoseThemesCannotBeReadIsDeadLetteredAndTheNextOneStillFlows() {
        enriched.pipeInput("broken", "{\"themes\": [{\"slug\": \"distillation\"".getBytes(StandardCharsets.UTF_8));
        enriched.pipeInput("no-slug", "{\"themes\": [{\"label\": \"X\"}]}".getBytes(StandardCharsets.UTF_8));
        PaperEnriched good = paper("Model soups", "model-merging");
        enriched.pipeInput(good.id(), EventJson.toBytes(good));

        List<TestRecord<String, byte[]>> rejected = read(TOPICS.deadLetter());
        assertThat(rejected).extracting(TestRecord::key).containsExactly("broken", "no-slug");
        assertThat(rejected).allSatisfy(r -> {
            assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich-themes");
            assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                    .isEqualTo(TOPICS.enriched());
            assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)).isNotBlank();
        });
        assertThat(read("themes.model-merging")).extracting(TestRecord::key).containsExactly(good.id());
        assertThat(driver.producedTopicNames()).doesNotContain("themes.distillation");
    }

    @Test
    void onlyThemesOfTheTaxonomyGetCopiesEachOnceAndNoOtherTopicIsWritten() {
        // written straight to papers.enriched: a theme the taxonomy does not have, a slug that is no legal topic
        // name, and a known theme repeated
        PaperEnriched paper = paper("Distilling an RL policy", "distillation", "not-in-the-taxonomy",
                "../bad slug!", "distillation", "reinforcement-learning");
        byte[] json = EventJson.toBytes(paper);
        enriched.pipeInput(paper.id(), json);

        assertThat(driver.producedTopicNames()).containsExactlyInAnyOrder("themes.distillation",
                "themes.reinforcement-learning");
        assertThat(read("themes.distillation")).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(json));
        assertThat(read("themes.reinforcement-learning")).hasSize(1);
        assertThat(registry.get("paperstream.enrich.theme.copies").counter().count()).isEqualTo(2);
        assertThat(registry.get("paperstream.enrich.theme.unknown").counter().count()).isEqualTo(2);
    }

    @Test
    void thousandsOfFakeThemesCreateNoTopicAndTheNextPaperStillFlows() {
        String[] fake = new String[5_000];
        for (int i = 0; i < fake.length; i++) {
            fake[i] = "fake-theme-" + i;
        }
        PaperEnriched hostile = paper("A paper on every theme", fake);
        byte[] hostileJson = EventJson.toBytes(hostile);
        // a record limit the hostile record fits, so that it reaches the copier rather than the size check
        PaperLimits roomy = new PaperLimits(1000, 20_000, 100, 100, 1_000_000_000L, 2 * hostileJson.length);
        driver.close();
        driver = new TopologyTestDriver(ThemeRouterTopology.build(TOPICS, TAXONOMY_SLUGS, roomy,
                new EnrichMetrics(registry), EnrichTopologyTest.PACING), driverConfig());
        enriched = driver.createInputTopic(TOPICS.enriched(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        enriched.pipeInput(hostile.id(), hostileJson);
        PaperEnriched good = paper("Model soups", "model-merging");
        enriched.pipeInput(good.id(), EventJson.toBytes(good));

        assertThat(driver.producedTopicNames()).containsExactly("themes.model-merging");
        assertThat(read("themes.model-merging")).extracting(TestRecord::key).containsExactly(good.id());
        assertThat(registry.get("paperstream.enrich.theme.unknown").counter().count()).isEqualTo(fake.length);
    }

    @Test
    void aRecordOverTheRecordLimitIsDeadLetteredWithinItAndTheNextOneStillFlows() {
        PaperEnriched huge = PaperEnriched.of(Papers.parsed("A huge enriched paper",
                "z".repeat(EnrichTopologyTest.LIMITS.maxRecordBytes())),
                List.of(new ThemeTag("distillation", "Distillation", 0.75, List.of("distillation"))), NOW, "t");
        byte[] hugeJson = EventJson.toBytes(huge);
        enriched.pipeInput(huge.id(), hugeJson);
        PaperEnriched good = paper("Model soups", "model-merging");
        enriched.pipeInput(good.id(), EventJson.toBytes(good));

        assertThat(read(TOPICS.deadLetter())).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(huge.id());
            assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON))
                    .contains("larger than the " + EnrichTopologyTest.LIMITS.maxRecordBytes());
            assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.TRUNCATED_FROM))
                    .isEqualTo(String.valueOf(hugeJson.length));
            assertThat(r.value().length).isLessThan(EnrichTopologyTest.LIMITS.maxRecordBytes());
        });
        assertThat(driver.producedTopicNames()).doesNotContain("themes.distillation");
        assertThat(read("themes.model-merging")).extracting(TestRecord::key).containsExactly(good.id());
    }

    @Test
    void theRouterHasNoInternalTopicAndNoStore() {
        TopologyDescription description = topology.describe();

        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.globalStores()).isEmpty();
        assertThat(description.subtopologies().iterator().next().nodes())
                .filteredOn(TopologyDescription.Processor.class::isInstance)
                .allSatisfy(node -> assertThat(((TopologyDescription.Processor) node).stores()).isEmpty());
        assertThat(description.subtopologies().iterator().next().nodes())
                .filteredOn(TopologyDescription.Source.class::isInstance)
                .allSatisfy(node -> assertThat(((TopologyDescription.Source) node).topicSet())
                        .isEqualTo(Set.of(TOPICS.enriched())));
    }

    private static Properties driverConfig() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "theme-router-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return config;
    }

    private List<TestRecord<String, byte[]>> read(String topic) {
        TestOutputTopic<String, byte[]> output = driver.createOutputTopic(topic, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        return output.readRecordsToList();
    }

    private static PaperEnriched paper(String title, String... slugs) {
        List<ThemeTag> themes = Arrays.stream(slugs)
                .map(slug -> new ThemeTag(slug, slug, 0.75, List.of(slug))).toList();
        return PaperEnriched.of(Papers.parsed(title, "A summary."), themes, NOW, "test-taxonomy");
    }
}
