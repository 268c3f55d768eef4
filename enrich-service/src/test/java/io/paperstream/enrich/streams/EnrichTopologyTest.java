package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.TaxonomyLoader;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.EventJson;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;

class EnrichTopologyTest {

    private static final StreamTopics TOPICS = new StreamTopics(TopicNames.PARSED, TopicNames.ENRICHED,
            TopicNames.DEAD_LETTER, TopicNames.THEME_PREFIX);
    private static final ThemeTagger TAGGER = new ThemeTagger(TaxonomyLoader.loadDefault());
    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    /** Small, so that a test record goes over it without megabytes of input. */
    private static final int MAX_RECORD_BYTES = 4096;
    private static final int MAX_TITLE = 200;
    /** Above the record limit, so that a paper within the limits can still be too large to write. */
    private static final int MAX_SUMMARY = 2 * MAX_RECORD_BYTES;
    private static final int MAX_SOURCE = 20;
    private static final int MAX_RELATED_LINES = 5;
    private static final long MAX_RELATED_COUNT = 1000;
    static final PaperLimits LIMITS = new PaperLimits(MAX_TITLE, MAX_SUMMARY, MAX_SOURCE, MAX_RELATED_LINES,
            MAX_RELATED_COUNT, MAX_RECORD_BYTES);
    /** Pacing as the service ships it would do; the test driver commits after every record anyway. */
    static final CommitPacing.Settings PACING = new CommitPacing.Settings(Duration.ofMillis(10),
            Duration.ofMillis(200));

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
        startDriver(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void startDriver(Clock clock) {
        if (driver != null) {
            driver.close();
        }
        TopologyProducer producer = new TopologyProducer(TOPICS, TAGGER, new EnrichMetrics(registry), clock, LIMITS, PACING);
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
        assertThat(header(rejected, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(TopicNames.PARSED);
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
        // a paper within every field limit whose enriched JSON is still over the record limit (as one hostile digest
        // record with 82,860 Related lines was over the broker's 1 MiB, and stopped the stream at every restart)
        String summary = "We train the agent with reinforcement learning. ".repeat(MAX_RECORD_BYTES / 40);
        assertThat(summary.length()).as("within the summary limit").isLessThanOrEqualTo(MAX_SUMMARY);
        PaperParsed huge = Papers.parsed("Policy gradients with a very long summary", summary);
        byte[] hugeBytes = EventJson.toBytes(huge);
        assertThat(hugeBytes.length).as("the test record is over the limit").isGreaterThan(MAX_RECORD_BYTES);
        parsed.pipeInput(huge.id(), hugeBytes);
        send(rlPaper("Policy gradients for robots"));

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.key()).isEqualTo(huge.id());
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("larger than the " + MAX_RECORD_BYTES);
        assertThat(header(rejected, DeadLetterHeaders.STAGE)).isEqualTo("enrich");
        assertTruncatedWithinTheLimit(rejected, hugeBytes);
        assertThat(enriched.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(e.title()).isEqualTo("Policy gradients for robots"));
    }

    @Test
    void aPoisonRecordOverTheLimitIsDeadLetteredTruncated() {
        byte[] poison = new byte[MAX_RECORD_BYTES * 2];
        Arrays.fill(poison, (byte) 'x');
        parsed.pipeInput("some-key", poison);

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertTruncatedWithinTheLimit(rejected, poison);
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("not a valid PaperParsed");
    }

    @Test
    void aValidPaperWhoseHeadersMakeItTooLargeToWriteIsDeadLetteredWithinTheLimit() {
        // a hostile producer can add headers; enrich passes headers on, so they count towards the record limit
        PaperParsed paper = rlPaper("Policy gradients with heavy headers");
        Headers heavy = new RecordHeaders().add("padding", new byte[MAX_RECORD_BYTES]);
        parsed.pipeInput(new TestRecord<>(paper.id(), EventJson.toBytes(paper), heavy));
        send(rlPaper("Policy gradients for robots"));

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.key()).isEqualTo(paper.id());
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("larger than the " + MAX_RECORD_BYTES)
                .contains("headers were too large to keep");
        assertThat(rejected.headers().lastHeader("padding")).as("the hostile header is not kept").isNull();
        assertThat(rejected.value()).isEqualTo(EventJson.toBytes(paper));
        assertThat(encodedSize(rejected)).isLessThanOrEqualTo(MAX_RECORD_BYTES);
        assertThat(enriched.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(e.title()).isEqualTo("Policy gradients for robots"));
    }

    @Test
    void aPoisonRecordWithAHugeKeyIsDeadLetteredWithinTheLimit() {
        String hugeKey = "k".repeat(MAX_RECORD_BYTES * 2);
        parsed.pipeInput(hugeKey, "not JSON".getBytes(StandardCharsets.UTF_8));
        send(rlPaper("Policy gradients for robots"));

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.key()).as("a key larger than the limit cannot be kept").isNull();
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains("not a valid PaperParsed")
                .contains("key of " + hugeKey.length() + " bytes");
        assertThat(encodedSize(rejected)).isLessThanOrEqualTo(MAX_RECORD_BYTES);
        assertThat(enriched.readValuesToList()).hasSize(1);
    }

    /** One hostile paper per limit, each followed by a good paper: the reason names the broken limit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("papersBreakingALimit")
    void aPaperBreakingALimitIsDeadLetteredWithItsReasonAndTheNextGoodOneStillFlows(String what, PaperParsed paper,
            String expectedReason) {
        byte[] bytes = EventJson.toBytes(paper);
        parsed.pipeInput(paper.id(), bytes);
        PaperParsed good = rlPaper("Policy gradients for robots");
        send(good);

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(header(rejected, DeadLetterHeaders.REASON)).contains(expectedReason);
        assertThat(header(rejected, DeadLetterHeaders.STAGE)).isEqualTo("enrich");
        // the original bytes, or as many of their first bytes as fit the record limit
        assertThat(rejected.value()).isNotEmpty().isEqualTo(Arrays.copyOf(bytes, rejected.value().length));
        assertThat(encodedSize(rejected)).isLessThanOrEqualTo(MAX_RECORD_BYTES);
        assertThat(deadLetter.isEmpty()).isTrue();
        assertThat(enriched.readRecordsToList()).extracting(TestRecord::key).containsExactly(good.id());
    }

    static Stream<Arguments> papersBreakingALimit() {
        String summary = "We train the agent with reinforcement learning.";
        Map<String, Long> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= MAX_RELATED_LINES; i++) {
            tooMany.put("kind " + i, 1L);
        }
        String longTitle = "Reinforcement learning " + "x".repeat(MAX_TITLE);
        return Stream.of(
                Arguments.of("title too long", paper(longTitle, summary, Map.of(), "test", 1),
                        "title is longer than " + MAX_TITLE),
                Arguments.of("control character in the title",
                        paper("Reinforcement\u0007 learning", summary, Map.of(), "test", 1),
                        "title holds the control character U+0007"),
                Arguments.of("summary too long",
                        paper("Reinforcement learning at length", "y".repeat(MAX_SUMMARY + 1), Map.of(), "test", 1),
                        "summary is longer than " + MAX_SUMMARY),
                Arguments.of("source too long",
                        paper("Reinforcement learning sources", summary, Map.of(), "s".repeat(MAX_SOURCE + 1), 1),
                        "source is longer than " + MAX_SOURCE),
                Arguments.of("negative related count",
                        paper("Reinforcement learning related", summary, Map.of("guides", -3L), "test", 1),
                        "is -3, outside 0.." + MAX_RELATED_COUNT),
                Arguments.of("related count too large",
                        paper("Reinforcement learning related", summary, Map.of("guides", MAX_RELATED_COUNT + 1),
                                "test", 1),
                        "outside 0.." + MAX_RELATED_COUNT),
                Arguments.of("too many related kinds",
                        paper("Reinforcement learning related", summary, tooMany, "test", 1),
                        "more than the " + MAX_RELATED_LINES),
                Arguments.of("control character in a related kind",
                        paper("Reinforcement learning related", summary, Map.of("gui\u0000des", 1L), "test", 1),
                        "related kind holds the control character U+0000"),
                Arguments.of("line not positive",
                        paper("Reinforcement learning lines", summary, Map.of(), "test", -5),
                        "line -5"));
    }

    @Test
    void aPaperWhoseEnrichmentThrowsIsDeadLetteredWithTheExceptionAndTheNextOneIsEnriched() {
        // the clock stamping enrichedAt fails once: a failing component, whatever it is, costs one record only
        startDriver(new FailingOnceClock(Clock.fixed(NOW, ZoneOffset.UTC), "clock unavailable"));
        PaperParsed first = rlPaper("Policy gradients that fail");
        PaperParsed next = rlPaper("Policy gradients for robots");
        send(first);
        send(next);

        TestRecord<String, byte[]> rejected = deadLetter.readRecord();
        assertThat(rejected.key()).isEqualTo(first.id());
        assertThat(rejected.value()).isEqualTo(EventJson.toBytes(first));
        assertThat(header(rejected, DeadLetterHeaders.REASON)).startsWith("processing failed: ")
                .contains("clock unavailable");
        assertThat(deadLetter.isEmpty()).isTrue();
        assertThat(enriched.readRecordsToList()).extracting(TestRecord::key).containsExactly(next.id());
        assertThat(registry.get("paperstream.enrich.papers.dead-lettered").counter().count()).isEqualTo(1);
    }

    @Test
    void taggingIsCounted() {
        send(rlPaper("Policy gradients for robots"));
        send(Papers.parsed("Groundwater nitrate in karst aquifers", "We measure nitrate in springs."));

        assertThat(registry.get("paperstream.enrich.papers.tagged").counter().count()).isEqualTo(1);
        assertThat(registry.get("paperstream.enrich.papers.untagged").counter().count()).isEqualTo(1);
        assertThat(registry.get("paperstream.enrich.themes.tagged").tag("theme", RL).counter().count()).isEqualTo(1);
    }

    private static PaperParsed paper(String title, String summary, Map<String, Long> related, String source,
            int line) {
        return new PaperParsed(PaperParsed.SCHEMA_VERSION, PaperId.fromTitle(title), title, summary, related,
                "digest-test", source, line, NOW);
    }

    private static void assertTruncatedWithinTheLimit(TestRecord<String, byte[]> rejected, byte[] original) {
        assertThat(header(rejected, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(String.valueOf(original.length));
        assertThat(rejected.value()).isNotEmpty().isEqualTo(Arrays.copyOf(original, rejected.value().length));
        assertThat(encodedSize(rejected)).isLessThanOrEqualTo(MAX_RECORD_BYTES);
    }

    /** Key, value, header names and values: what the record limit bounds. */
    private static int encodedSize(TestRecord<String, byte[]> record) {
        int size = record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length;
        size += record.value() == null ? 0 : record.value().length;
        for (var header : record.headers()) {
            size += header.key().getBytes(StandardCharsets.UTF_8).length + header.value().length;
        }
        return size;
    }

    /** A clock whose first reading throws. */
    private static final class FailingOnceClock extends Clock {

        private final Clock clock;
        private final String message;
        private boolean failed;

        FailingOnceClock(Clock clock, String message) {
            this.clock = clock;
            this.message = message;
        }

        @Override
        public Instant instant() {
            if (!failed) {
                failed = true;
                throw new IllegalStateException(message);
            }
            return clock.instant();
        }

        @Override
        public java.time.ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return clock.withZone(zone);
        }
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
