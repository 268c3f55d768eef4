package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.Taxonomy;
import io.paperstream.enrich.tagging.TaxonomyLoader;
import io.paperstream.enrich.tagging.Theme;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.EventJson;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.KafkaTopics;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;
import io.paperstream.testing.KafkaBrokerResource;

/**
 * The topology on the real test broker, as the service runs it (exactly-once, persistent store): a restart that
 * lost its local state restores the counts from the changelog; the retag procedure of the README (stop,
 * StreamsResetter, delete the state directory, start with the new taxonomy) recounts from scratch; two instances in
 * one group still count as one writer. Its own topics and application ids keep it apart from the other tests.
 */
class StreamsOnBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String RL = "reinforcement-learning";
    private static final String RL_SUMMARY = "We train the agent with reinforcement learning and a learned reward.";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "enrich-restart-test-" + run;
    private final StreamTopics topics = new StreamTopics("restart-" + run + ".parsed", "restart-" + run + ".enriched",
            "restart-" + run + ".dead-letter", "restart-" + run + ".themes.");
    private final String bootstrapServers = KafkaBrokerResource.bootstrapServers();
    private final Path stateDir = Path.of("target", "restart-test-state", run);
    private final List<KafkaStreams> running = new ArrayList<>();
    private KafkaConsumer<String, PaperEnriched> enriched;
    private final List<PaperEnriched> seen = new ArrayList<>();

    @BeforeEach
    void createTopics() {
        List<KafkaTopics.Spec> specs = new ArrayList<>(List.of(KafkaTopics.Spec.compacted(topics.parsed(), 3),
                KafkaTopics.Spec.compacted(topics.enriched(), 3),
                KafkaTopics.Spec.retained(topics.deadLetter(), 1, Duration.ofDays(1))));
        for (Theme theme : TaxonomyLoader.loadDefault().themes()) {
            specs.add(KafkaTopics.Spec.retained(topics.themeTopic(theme.slug()), 1, Duration.ofDays(1)));
        }
        KafkaTopics.ensure(bootstrapServers, specs, TIMEOUT);
        enriched = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new JsonSerde.PaperEnrichedSerde());
        enriched.subscribe(List.of(topics.enriched()));
    }

    @AfterEach
    void stop() {
        running.forEach(streams -> streams.close(Duration.ofSeconds(30)));
        enriched.close();
    }

    @Test
    void countsSurviveARestartThatLostItsLocalStateAndARetagRecountsFromScratch() {
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.loadDefault());
        PaperParsed first = Papers.parsed("Policy gradients for robots " + run, RL_SUMMARY);
        PaperParsed second = Papers.parsed("Reward shaping in RL " + run, RL_SUMMARY);
        PaperParsed untagged = Papers.parsed("Groundwater nitrate in karst aquifers " + run, "We measure nitrate.");
        PaperParsed third = Papers.parsed("Offline RL from logs " + run, RL_SUMMARY);

        // 1. first run
        KafkaStreams streams = start(tagger);
        send(first, second, untagged);
        awaitEnriched(3);
        stopAndForgetLocalState(streams);

        // 2. restart on a machine without the local state: the store comes back from its changelog
        streams = start(tagger);
        send(third, first);
        awaitEnriched(5);
        assertThat(rlCount(latest(third))).isEqualTo(3);
        assertThat(rlCount(seen.get(4))).as("the duplicate").isEqualTo(3);
        stopAndForgetLocalState(streams);

        // 3. retag with a changed taxonomy, the launcher's way; --force because a stopped Streams client stays a
        // member of its group until its session times out
        assertThat(new StreamsResetter().execute(new String[] {"--bootstrap-server", bootstrapServers,
                "--application-id", applicationId, "--input-topics", topics.parsed(), "--force"})).isZero();
        ThemeTagger retagger = new ThemeTagger(changedTaxonomy());
        start(retagger);
        String version = retagger.taxonomy().version();
        await().atMost(TIMEOUT).until(() -> {
            poll();
            return seen.stream().filter(p -> p.taxonomyVersion().equals(version)).map(PaperEnriched::id).distinct()
                    .count() == 4;
        });
        // every record of papers.parsed is read again (a duplicate too, until compaction removes it)
        List<PaperEnriched> retagged = seen.stream().filter(p -> p.taxonomyVersion().equals(version)).toList();
        assertThat(retagged).extracting(PaperEnriched::id).containsOnly(first.id(), second.id(), untagged.id(),
                third.id());
        assertThat(retagged.stream().mapToLong(StreamsOnBrokerTest::rlCount).max().orElseThrow())
                .as("counted once per paper, not on top of the old counts").isEqualTo(3);
    }

    @Test
    void twoInstancesInOneGroupCountAsASingleWriter() {
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.loadDefault());
        KafkaStreams one = start(tagger, stateDir.resolve("one"));
        KafkaStreams two = start(tagger, stateDir.resolve("two"));
        await().atMost(TIMEOUT).until(() -> one.state() == KafkaStreams.State.RUNNING
                && two.state() == KafkaStreams.State.RUNNING);
        List<PaperParsed> papers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            papers.add(Papers.parsed("Policy learning, part " + i + " " + run, RL_SUMMARY));
        }

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            papers.forEach(p -> producer.send(new ProducerRecord<>(topics.parsed(), p.id(), EventJson.toBytes(p))));
        }
        awaitEnriched(papers.size());

        // one writer saw the papers one after the other, whichever instance tagged them: 1, 2, ... 12
        assertThat(seen).extracting(StreamsOnBrokerTest::rlCount).containsExactlyInAnyOrder(
                LongStream.rangeClosed(1, papers.size()).boxed().toArray(Long[]::new));
    }

    private KafkaStreams start(ThemeTagger tagger) {
        return start(tagger, stateDir);
    }

    private KafkaStreams start(ThemeTagger tagger, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        KafkaStreams streams = new KafkaStreams(new TopologyProducer(topics, tagger,
                new EnrichMetrics(new SimpleMeterRegistry()), Clock.systemUTC()).topology(), config);
        running.add(streams);
        streams.start();
        await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING
                || streams.state() == KafkaStreams.State.REBALANCING);
        return streams;
    }

    private void stopAndForgetLocalState(KafkaStreams streams) {
        streams.close(Duration.ofSeconds(30));
        running.remove(streams);
        deleteRecursively(stateDir);
    }

    private void send(PaperParsed... papers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            for (PaperParsed paper : papers) {
                producer.send(new ProducerRecord<>(topics.parsed(), paper.id(), EventJson.toBytes(paper)));
                // one at a time: the counting order is then the sending order
                producer.flush();
                int before = seen.size();
                await().atMost(TIMEOUT).until(() -> {
                    poll();
                    return seen.size() > before;
                });
            }
        }
    }

    private void awaitEnriched(int records) {
        await().atMost(TIMEOUT).until(() -> {
            poll();
            return seen.size() >= records;
        });
        assertThat(seen).hasSize(records);
    }

    private void poll() {
        for (ConsumerRecord<String, PaperEnriched> record : enriched.poll(Duration.ofMillis(200))) {
            seen.add(record.value());
        }
    }

    private PaperEnriched latest(PaperParsed paper) {
        return seen.stream().filter(p -> p.id().equals(paper.id())).reduce((a, b) -> b).orElseThrow();
    }

    private static long rlCount(PaperEnriched paper) {
        return paper.themes().stream().filter(t -> t.slug().equals(RL)).mapToLong(ThemeTag::paperCount).findFirst()
                .orElse(0);
    }

    /** The default taxonomy under another declared version, as after an edit. */
    private static Taxonomy changedTaxonomy() {
        try (var in = TaxonomyLoader.class.getClassLoader().getResourceAsStream(TaxonomyLoader.DEFAULT_RESOURCE)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return TaxonomyLoader.parse(yaml.replaceFirst("version: \"[^\"]*\"", "version: \"retag-test\"")
                    .getBytes(StandardCharsets.UTF_8), "changed default");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
