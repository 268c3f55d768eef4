package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import io.paperstream.enrich.tagging.TaxonomyLoader;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.EventJson;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;

class EnrichTopologyTest {

    private static final StreamTopics TOPICS = new StreamTopics("papers.parsed", "papers.enriched",
            "papers.dead-letter", "themes.");
    private static final ThemeTagger TAGGER = new ThemeTagger(TaxonomyLoader.loadDefault());
    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    /** Small, so that a test record goes over it without megabytes of input. */
    private static final int MAX_RECORD_BYTES = 4096;

    private static final String RL = "reinforcement-learning";
    private static final String DISTILLATION = "distillation";

    private SimpleMeterRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> parsed;
    private TestOutputTopic<String, PaperEnriched> enriched;
    private TestOutputTopic<String, byte[]> enrichedBytes;
    private TestOutputTopic<String, byte[]> deadLetter;
    private Topology topology;

    @BeforeEach
    void startDriver() {
        registry = new SimpleMeterRegistry();
        TopologyProducer producer = new TopologyProducer(TOPICS, TAGGER, new EnrichMetrics(registry),
                Clock.fixed(NOW, ZoneOffset.UTC), MAX_RECORD_BYTES);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        topology = producer.topology();
        driver = new TopologyTestDriver(topology, config);
        parsed = driver.createInputTopic(TOPICS.parsed(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        enriched = driver.createOutputTopic(TOPICS.enriched(), Serdes.String().deserializer(),
                new JsonSerde.PaperEnrichedSerde());
        enrichedBytes = driver.createOutputTopic(TOPICS.enriched(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetter = driver.createOutputTopic(TOPICS.deadLetter(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void theTopologyIsOneHopWithNoInternalTopicNoStoreAndNoThemeCopies() {
        TopologyDescription description = topology.describe();

        assertThat(description.subtopologies()).as("one sub-topology: nothing is repartitioned").hasSize(1);
        assertThat(description.globalStores()).isEmpty();
        List<TopologyDescription.Node> nodes = description.subtopologies().iterator().next().nodes().stream()
                .map(TopologyDescription.Node.class::cast).toList();
        assertThat(nodes).filteredOn(TopologyDescription.Processor.class::isInstance)
                .allSatisfy(node -> assertThat(((TopologyDescription.Processor) node).stores()).isEmpty());
        assertThat(nodes).filteredOn(TopologyDescription.Source.class::isInstance)
                .flatExtracting(node -> ((TopologyDescription.Source) node).topicSet())
                .containsExactly(TOPICS.parsed());
        assertThat(nodes).filteredOn(TopologyDescription.Sink.class::isInstance)
                .extracting(node -> ((TopologyDescription.Sink) node).topic())
                .containsOnly(TOPICS.enriched(), TOPICS.deadLetter());
        assertThat(description.toString()).doesNotContain("-repartition", "-changelog");
    }

    @Test
    void papersEnrichedKeepsTheInputKeyAndCarriesNoCounts() {
        PaperParsed paper = rlPaper("Policy gradients for robots");
        send(paper);
        send(paper);

        List<TestRecord<String, byte[]>> out = enrichedBytes.readRecordsToList();

        assertThat(out).hasSize(2).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(paper.id());
            String json = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("paperCount", "relatedPapers");
            assertThat(EventJson.fromBytes(record.value(), PaperEnriched.class).themes()).extracting(ThemeTag::slug)
                    .contains(RL);
        });
        assertThat(driver.producedTopicNames()).containsExactly(TOPICS.enriched());
    }

    @Test
    void aPaperOnSeveralThemesIsPublishedOnceWithAllOfThem() {
        // its text names both themes: the expectation comes from the words, not from the tagger
        PaperParsed paper = Papers.parsed("Distilling a reinforcement learning policy",
                "We use knowledge distillation to compress a PPO policy trained with reinforcement learning.");
        send(paper);

        assertThat(enriched.readValuesToList()).singleElement().satisfies(e -> assertThat(e.themes())
                .extracting(ThemeTag::slug).contains(RL, DISTILLATION));
    }

    @Test
    void aTombstonePassesThroughToPapersEnriched() {
        PaperParsed paper = rlPaper("Policy gradients for robots");
        send(paper);
        parsed.pipeInput(paper.id(), null);

        List<TestRecord<String, PaperEnriched>> out = enriched.readRecordsToList();

        assertThat(out).hasSize(2);
        assertThat(out.get(1).key()).isEqualTo(paper.id());
        assertThat(out.get(1).value()).isNull();
    }

    @Test
    void aPaperAboutNoThemeIsPublishedWithNone() {
        send(Papers.parsed("Groundwater nitrate in karst aquifers", "We measure nitrate in springs."));

        assertThat(enriched.readValuesToList()).singleElement().satisfies(e -> assertThat(e.themes()).isEmpty());
    }

    @Test
    void enrichedPapersCarryEveryFieldOfTheParsedOneKeyedByPaperId() {
        PaperParsed paper = rlPaper("Policy gradients for robots");
        send(paper);

        TestRecord<String, PaperEnriched> out = enriched.readRecord();

        assertThat(out.key()).isEqualTo(paper.id());
        assertThat(out.value()).satisfies(e -> {
            assertThat(e.id()).isEqualTo(paper.id());
            assertThat(e.title()).isEqualTo(paper.title());
            assertThat(e.summary()).isEqualTo(paper.summary());
            assertThat(e.related()).isEqualTo(paper.related());
            assertThat(e.digestId()).isEqualTo(paper.digestId());
            assertThat(e.source()).isEqualTo(paper.source());
            assertThat(e.line()).isEqualTo(paper.line());
            assertThat(e.ingestedAt()).isEqualTo(paper.ingestedAt());
            assertThat(e.schemaVersion()).isEqualTo(PaperEnriched.SCHEMA_VERSION);
            assertThat(e.taxonomyVersion()).isEqualTo(TAGGER.taxonomy().version());
            assertThat(e.enrichedAt()).isEqualTo(NOW);
        });
        ThemeTag rl = theme(out.value(), RL);
        assertThat(rl.label()).isEqualTo("Reinforcement learning");
        assertThat(rl.score()).isBetween(0.5, 1.0);
        assertThat(rl.matched()).contains("reinforcement learning");
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithHeadersAndTheNextGoodOneStillFlows() {
        Headers headers = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        byte[] poison = "this is not JSON".getBytes(StandardCharsets.UTF_8);
        parsed.pipeInput(new TestRecord<>("some-key", poison, headers));
        send(rlPaper("Policy gradients for robots"));

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.value()).isEqualTo(poison);
        assertThat(rejected.key()).isEqualTo("some-key");
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("not a valid PaperParsed");
        assertThat(header(rejected, DeadLetterHeaders.STAGE)).isEqualTo("enrich");
        assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("papers.parsed");
        assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("0");
        assertThat(header(rejected, "trace")).isEqualTo("abc");
        assertThat(deadLetter.isEmpty()).isTrue();

        assertThat(enriched.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(theme(e, RL).matched()).isNotEmpty());
        assertThat(registry.get("paperstream.enrich.papers.dead-lettered").counter().count()).isEqualTo(1);
    }

    @Test
    void jsonThatIsNotAUsablePaperIsDeadLettered() {
        PaperParsed good = rlPaper("Policy gradients for robots");
        PaperParsed wrongId = new PaperParsed(1, "0123", good.title(), good.summary(), null, "d", "s", 1, null);
        PaperParsed futureSchema = new PaperParsed(99, good.id(), good.title(), good.summary(), null, "d", "s", 1,
                null);
        parsed.pipeInput("k1", "{}".getBytes(StandardCharsets.UTF_8));
        parsed.pipeInput("k2", EventJson.toBytes(wrongId));
        parsed.pipeInput("k3", EventJson.toBytes(futureSchema));
        parsed.pipeInput("k4", new byte[0]);
        parsed.pipeInput("k5", "[1,2]".getBytes(StandardCharsets.UTF_8));

        assertThat(deadLetter.readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .satisfiesExactly(
                        reason -> assertThat(reason).contains("not a valid PaperParsed"),
                        reason -> assertThat(reason).contains("is not the id of its title"),
                        reason -> assertThat(reason).contains("schemaVersion 99"),
                        reason -> assertThat(reason).contains("empty record value"),
                        reason -> assertThat(reason).contains("not a valid PaperParsed"));
        assertThat(enriched.isEmpty()).isTrue();
    }

    @Test
    void aPaperTooLargeToWriteIsDeadLetteredTruncatedAndTheNextGoodOneStillFlows() {
        // a valid paper with so many Related kinds that its JSON alone is over the limit (as one hostile digest
        // record with 82,860 Related lines was over the broker's 1 MiB, and stopped the stream at every restart)
        Map<String, Long> related = new LinkedHashMap<>();
        for (int i = 0; related.size() < MAX_RECORD_BYTES / 8; i++) {
            related.put("kind" + i, (long) i);
        }
        PaperParsed base = rlPaper("Policy gradients with many related kinds");
        PaperParsed huge = new PaperParsed(1, base.id(), base.title(), base.summary(), related, "d", "s", 1, NOW);
        byte[] hugeBytes = EventJson.toBytes(huge);
        assertThat(hugeBytes.length).as("the test record is over the limit").isGreaterThan(MAX_RECORD_BYTES);
        parsed.pipeInput(huge.id(), hugeBytes);
        send(rlPaper("Policy gradients for robots"));

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.key()).isEqualTo(huge.id());
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("larger than the " + MAX_RECORD_BYTES);
        assertThat(header(rejected, DeadLetterHeaders.STAGE)).isEqualTo("enrich");
        assertThat(header(rejected, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(String.valueOf(hugeBytes.length));
        assertThat(rejected.value()).isEqualTo(Arrays.copyOf(hugeBytes, MAX_RECORD_BYTES));
        assertThat(enriched.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(e.title()).isEqualTo("Policy gradients for robots"));
    }

    @Test
    void aPoisonRecordOverTheLimitIsDeadLetteredTruncated() {
        byte[] poison = new byte[MAX_RECORD_BYTES * 2];
        Arrays.fill(poison, (byte) 'x');
        parsed.pipeInput("some-key", poison);

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.value()).hasSize(MAX_RECORD_BYTES);
        assertThat(header(rejected, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(String.valueOf(poison.length));
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("not a valid PaperParsed");
    }

    @Test
    void taggingIsCounted() {
        send(rlPaper("Policy gradients for robots"));
        send(Papers.parsed("Groundwater nitrate in karst aquifers", "We measure nitrate in springs."));

        assertThat(registry.get("paperstream.enrich.papers.tagged").counter().count()).isEqualTo(1);
        assertThat(registry.get("paperstream.enrich.papers.untagged").counter().count()).isEqualTo(1);
        assertThat(registry.get("paperstream.enrich.themes.tagged").tag("theme", RL).counter().count()).isEqualTo(1);
    }

    private void send(PaperParsed paper) {
        parsed.pipeInput(paper.id(), EventJson.toBytes(paper));
    }

    private static PaperParsed rlPaper(String title) {
        return Papers.parsed(title, "We train the agent with reinforcement learning and a learned reward.");
    }

    private static ThemeTag theme(PaperEnriched paper, String slug) {
        return paper.themes().stream().filter(t -> t.slug().equals(slug)).findFirst()
                .orElseThrow(() -> new AssertionError(paper.title() + " does not carry " + slug + ": "
                        + paper.themes()));
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return DeadLetterHeaders.get(record.headers(), name);
    }
}
