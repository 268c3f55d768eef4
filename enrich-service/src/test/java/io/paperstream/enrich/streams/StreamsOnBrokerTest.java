package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.apache.kafka.streams.Topology;
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
import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;
import io.paperstream.testing.KafkaBrokerResource;

/**
 * The enrich topology and the theme router on the real test broker, as the service runs them (exactly-once): the
 * retag procedure of the README (stop enrich, StreamsResetter on the enrich application only, start with the new
 * taxonomy) re-enriches every paper while the router, not reset, copies each version once; instances of one group
 * share the input partitions; neither application creates an internal topic. Its own topics and application ids
 * keep it apart from the other tests.
 */
class StreamsOnBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(20);
    /** Longer than any test: only a commit the pacing asks for can end a transaction. */
    private static final Duration NEVER_BY_INTERVAL = Duration.ofMinutes(5);
    /**
     * The shipped interval; an age far above the machine's delays (a loaded CI runner can take longer than the
     * shipped 200 ms between send and processing) and far below the hour-old "late" paper.
     */
    private static final CommitPacing.Settings PACING = new CommitPacing.Settings(Duration.ofMillis(10),
            Duration.ofMinutes(1));
    private static final String RL = "reinforcement-learning";
    private static final String RL_SUMMARY = "We train the agent with reinforcement learning and a learned reward.";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "enrich-broker-test-" + run;
    private final String routerApplicationId = applicationId + "-themes";
    /** The shared defaults (paperstream.limits.*), as ingest applies them. */
    private static final PaperLimits LIMITS = new PaperLimits(1000, 20_000, 100, 100, 1_000_000_000L, 921_600);
    private final StreamTopics topics = new StreamTopics("broker-" + run + ".parsed", "broker-" + run + ".enriched",
            "broker-" + run + ".dead-letter", "broker-" + run + ".themes.");
    private final String bootstrapServers = KafkaBrokerResource.bootstrapServers();
    private final List<KafkaStreams> running = new ArrayList<>();
    private KafkaConsumer<String, PaperEnriched> reader;
    private final List<ConsumerRecord<String, PaperEnriched>> seen = new ArrayList<>();

    @BeforeEach
    void createTopics() {
        List<KafkaTopics.Spec> specs = new ArrayList<>(List.of(KafkaTopics.Spec.compacted(topics.parsed(), 3),
                KafkaTopics.Spec.compacted(topics.enriched(), 3),
                KafkaTopics.Spec.retained(topics.deadLetter(), 1, Duration.ofDays(1))));
        for (Theme theme : TaxonomyLoader.loadDefault().themes()) {
            specs.add(KafkaTopics.Spec.retained(topics.themeTopic(theme.slug()), 3, Duration.ofDays(1)));
        }
        KafkaTopics.ensure(bootstrapServers, specs, TIMEOUT);
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new JsonSerde.PaperEnrichedSerde());
        reader.subscribe(List.of(topics.enriched(), topics.themeTopic(RL)));
    }

    @AfterEach
    void stop() {
        running.forEach(streams -> streams.close(Duration.ofSeconds(30)));
        reader.close();
    }

    @Test
    void aRetagReEnrichesEveryPaperAndTheRouterNotResetCopiesEachVersionOnce() {
        PaperParsed first = Papers.parsed("Policy gradients for robots " + run, RL_SUMMARY);
        PaperParsed second = Papers.parsed("Reward shaping in RL " + run, RL_SUMMARY);
        PaperParsed untagged = Papers.parsed("Groundwater nitrate in karst aquifers " + run, "We measure nitrate.");
        List<String> rlPapers = List.of(first.id(), second.id());

        // 1. first run: enrich and the router
        KafkaStreams enrich = start(applicationId, enrichTopology(new ThemeTagger(TaxonomyLoader.loadDefault())));
        start(routerApplicationId, ThemeRouterTopology.build(topics, TaxonomyLoader.loadDefault().themes().stream()
                .map(Theme::slug).collect(Collectors.toSet()), LIMITS, new EnrichMetrics(new SimpleMeterRegistry()),
                PACING));
        send(first, second, untagged);
        String oldVersion = TaxonomyLoader.loadDefault().version();
        awaitOn(topics.enriched(), oldVersion, 3);
        awaitOn(topics.themeTopic(RL), oldVersion, 2);

        // 2. retag the launcher's way: enrich stopped, only its application reset (--force: a stopped Streams client
        // stays a member of its group until its session times out), then started with a changed taxonomy; the
        // router keeps running and is never reset
        enrich.close(Duration.ofSeconds(30));
        running.remove(enrich);
        assertThat(new StreamsResetter().execute(new String[] {"--bootstrap-server", bootstrapServers,
                "--application-id", applicationId, "--input-topics", topics.parsed(), "--to-earliest",
                "--force"})).isZero();
        ThemeTagger retagger = new ThemeTagger(changedTaxonomy());
        start(applicationId, enrichTopology(retagger));
        String newVersion = retagger.taxonomy().version();
        awaitOn(topics.enriched(), newVersion, 3);
        awaitOn(topics.themeTopic(RL), newVersion, 2);

        // every record of papers.parsed was read again and published under the new taxonomy
        assertThat(versionsOn(topics.enriched(), newVersion)).containsExactlyInAnyOrder(first.id(), second.id(),
                untagged.id());
        // on the theme topic each version of each paper once: copies of a key keep their order, so a router that
        // re-read papers.enriched would have put the old versions again before the new ones seen here
        assertThat(versionsOn(topics.themeTopic(RL), oldVersion)).containsExactlyInAnyOrderElementsOf(rlPapers);
        assertThat(versionsOn(topics.themeTopic(RL), newVersion)).containsExactlyInAnyOrderElementsOf(rlPapers);
        assertThat(internalTopics()).as("repartition or changelog topics").isEmpty();
    }

    @Test
    void instancesOfOneGroupShareThePartitionsAndEachPaperComesOutOnce() {
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.loadDefault());
        KafkaStreams one = start(applicationId, enrichTopology(tagger));
        KafkaStreams two = start(applicationId, enrichTopology(tagger));
        // the tagging runs in the tasks of the input partitions: both instances get some of the three
        await().atMost(TIMEOUT).until(() -> activeTasks(one) > 0 && activeTasks(two) > 0
                && activeTasks(one) + activeTasks(two) == 3);
        List<PaperParsed> papers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            papers.add(Papers.parsed("Policy learning, part " + i + " " + run, RL_SUMMARY));
        }
        send(papers.toArray(PaperParsed[]::new));

        String version = tagger.taxonomy().version();
        awaitOn(topics.enriched(), version, papers.size());

        assertThat(seen).filteredOn(r -> r.topic().equals(topics.enriched())).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(papers.stream().map(PaperParsed::id).toList());
        assertThat(seen).filteredOn(r -> r.topic().equals(topics.enriched()))
                .allSatisfy(r -> assertThat(r.value().themes()).extracting(ThemeTag::slug).contains(RL));
        assertThat(internalTopics()).as("repartition or changelog topics").isEmpty();
    }

    /**
     * Commit pacing on a real broker, with a commit interval far longer than the test: a late paper (a backlog) is
     * processed but left uncommitted, and the next fresh paper ends the transaction that makes both visible.
     */
    @Test
    void aFreshPaperEndsTheTransactionALatePaperWaitsFor() {
        PaperParsed late = Papers.parsed("Replayed policy gradients " + run, RL_SUMMARY);
        PaperParsed fresh = Papers.parsed("Live reward shaping " + run, RL_SUMMARY);
        start(applicationId, enrichTopology(new ThemeTagger(TaxonomyLoader.loadDefault())), NEVER_BY_INTERVAL);
        String version = TaxonomyLoader.loadDefault().version();

        long producedAnHourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        send(producedAnHourAgo, late);
        try (KafkaConsumer<String, PaperEnriched> uncommitted = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "uncommitted-reader-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new StringDeserializer(), new JsonSerde.PaperEnrichedSerde())) {
            uncommitted.subscribe(List.of(topics.enriched()));
            List<String> written = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                uncommitted.poll(Duration.ofMillis(200)).forEach(r -> written.add(r.key()));
                return written.contains(late.id());
            });
        }
        // the late paper is on the topic, in a transaction still open: read_committed readers do not see it yet
        for (int i = 0; i < 5; i++) {
            reader.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        assertThat(versionsOn(topics.enriched(), version)).isEmpty();

        send(System.currentTimeMillis(), fresh);
        awaitOn(topics.enriched(), version, 2);
        assertThat(versionsOn(topics.enriched(), version)).containsExactlyInAnyOrder(late.id(), fresh.id());
    }

    /**
     * An idle stream commits nothing: Kafka Streams would end a transaction every commit interval for a task that
     * ran a punctuation, so pacing must not keep one running while no record comes in.
     */
    @Test
    void anIdleStreamCommitsNoTransaction() throws InterruptedException {
        KafkaStreams enrich = start(applicationId, enrichTopology(new ThemeTagger(TaxonomyLoader.loadDefault())));
        send(System.currentTimeMillis(), Papers.parsed("Last paper before a quiet spell " + run, RL_SUMMARY));
        awaitOn(topics.enriched(), TaxonomyLoader.loadDefault().version(), 1);
        // the commit that made the paper visible is counted once its call returns
        Thread.sleep(COMMIT_INTERVAL.multipliedBy(10).toMillis());
        double afterThePaper = commits(enrich);

        // 25 commit intervals with nothing to read
        Thread.sleep(COMMIT_INTERVAL.multipliedBy(25).toMillis());

        assertThat(afterThePaper).as("commits of the paper").isPositive();
        assertThat(commits(enrich)).as("commits while idle").isEqualTo(afterThePaper);
    }

    private static double commits(KafkaStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("commit-total")
                        && e.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private Topology enrichTopology(ThemeTagger tagger) {
        return new TopologyProducer(topics, tagger, new EnrichMetrics(new SimpleMeterRegistry()), Clock.systemUTC(),
                LIMITS, PACING)
                .topology();
    }

    private KafkaStreams start(String application, Topology topology) {
        return start(application, topology, COMMIT_INTERVAL);
    }

    private KafkaStreams start(String application, Topology topology, Duration commitInterval) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        // Streams refuses a transaction timeout below the commit interval (the broker allows up to 15 min)
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Math.max(Duration.ofSeconds(10).toMillis(), 2 * commitInterval.toMillis()));
        KafkaStreams streams = new KafkaStreams(topology, config);
        running.add(streams);
        streams.start();
        await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING
                || streams.state() == KafkaStreams.State.REBALANCING);
        return streams;
    }

    private static long activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToLong(thread -> thread.activeTasks().size()).sum();
    }

    private void send(PaperParsed... papers) {
        send(null, papers);
    }

    /** Sends the papers with that producer timestamp (null: the producer's clock). */
    private void send(Long timestamp, PaperParsed... papers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            for (PaperParsed paper : papers) {
                producer.send(new ProducerRecord<>(topics.parsed(), null, timestamp, paper.id(),
                        EventJson.toBytes(paper)));
            }
        }
    }

    /** Waits until {@code count} distinct papers under that taxonomy version have been read from the topic. */
    private void awaitOn(String topic, String taxonomyVersion, int count) {
        await().atMost(TIMEOUT).until(() -> {
            reader.poll(Duration.ofMillis(200)).forEach(seen::add);
            return versionsOn(topic, taxonomyVersion).stream().distinct().count() >= count;
        });
    }

    /** The ids of the records read from the topic under that taxonomy version, one per record. */
    private List<String> versionsOn(String topic, String taxonomyVersion) {
        return seen.stream().filter(r -> r.topic().equals(topic) && r.value() != null
                && r.value().taxonomyVersion().equals(taxonomyVersion)).map(ConsumerRecord::key).toList();
    }

    private List<String> internalTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get().stream().filter(name -> name.startsWith(applicationId)).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the topics", e);
        }
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
}
