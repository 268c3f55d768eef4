package io.paperstream.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.Digests;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;
import io.paperstream.e2e.client.ResumingSseSubscriber;
import io.paperstream.e2e.corpus.SyntheticPapers;
import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.Progress;
import io.paperstream.local.process.QuarkusService;

/**
 * Crashes and outages in the middle of a stream of 10,000 papers, each scenario on a fresh pipeline (empty
 * broker, database and state): afterwards the catalog must hold exactly the papers ingest answered 202 for,
 * none lost, nothing that was never claimed, /stats and theme counts equal to the listing's; and subscribers of
 * theme streams, open from before the first paper and resuming with Last-Event-ID across the fault, must have
 * received every paper of their theme exactly once (the catalog's primary key would hide a paper processed twice
 * after a kill -9; a stream shows it). Runs under {@code -Pfaults} only:
 * {@code ./mvnw -B -ntp -pl e2e-tests -Pfaults verify}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineFaultTest {

    static final int PAPERS = 10_000;
    static final int RECORDS_PER_DIGEST = 200;
    /** Between digests, so that the 50 digests take long enough for a fault to land mid-stream. */
    static final Duration PAUSE_BETWEEN_DIGESTS = Duration.ofMillis(300);
    /** The fault comes after this share of the digests has been answered. */
    static final double FAULT_AT = 0.4;
    /** Digests that go in while a crashed service is down, before it is started again. */
    static final int DIGESTS_WHILE_DOWN = 5;
    static final Duration BROKER_DOWN_AT_LEAST = Duration.ofSeconds(10);
    /** An answer this long after the broker died cannot be based on an acknowledgement from before. */
    static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(2);
    static final Duration LOADER_MAX = Duration.ofMinutes(5);
    /** Theme streams watched per scenario, the first of the taxonomy (under query's per-client stream limit). */
    static final int THEMES_WATCHED = 3;
    /** How long the catalog may take to list the taxonomy's themes after a fresh start. */
    static final Duration THEMES_LISTED_MAX = Duration.ofMinutes(2);
    /** Streams are done when every expected paper came and then nothing more for this long. */
    static final Duration STREAMS_QUIET = Duration.ofSeconds(5);
    static final Duration STREAMS_MAX = Duration.ofMinutes(2);
    /** Papers named in a failure message, at most. */
    static final int SAMPLE = 10;

    private static final List<String> SUMMARIES = new CopyOnWriteArrayList<>();

    private final PipelineHarness harness = PipelineHarness.shared();
    private StreamingLoader loader;
    /** The subscribers of this scenario, by the theme they watch. */
    private final Map<String, ResumingSseSubscriber> subscribers = new LinkedHashMap<>();

    @AfterEach
    void stopLoader() {
        if (loader != null) {
            loader.close();
        }
        subscribers.values().forEach(ResumingSseSubscriber::close);
        subscribers.clear();
    }

    @AfterAll
    static void printSummaries() {
        SUMMARIES.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void enrichKilledMidStreamAndStartedAgain() {
        String scenario = "enrich-kill";
        startStreaming(scenario);
        crashAndRestart(harness.enrich());
        finishAndAudit(scenario);
    }

    @Test
    @Order(2)
    void queryKilledMidStreamAndStartedAgain() {
        String scenario = "query-kill";
        startStreaming(scenario);
        crashAndRestart(harness.query());
        finishAndAudit(scenario);
    }

    @Test
    @Order(3)
    void brokerDownMidStreamThenBackOnTheSamePortsAndData() {
        String scenario = "broker-outage";
        startStreaming(scenario);

        Progress.log("%s: kill -9 the broker (pid %d) after %d/%d digests", scenario,
                harness.broker().process().pid(), loader.answered(), loader.digestCount());
        harness.broker().kill();
        Instant down = Instant.now();
        // a real outage: at least BROKER_DOWN_AT_LEAST, and long enough for ingest to give up on a digest
        loader.awaitAnswer(p -> p.status() == 503 && p.answeredAt().isAfter(down), Duration.ofSeconds(90),
                "503 answer while the broker is down");
        sleepUntil(down.plus(BROKER_DOWN_AT_LEAST));
        Instant up = Instant.now();
        Progress.log("%s: broker down for %d s, starting it again on the same ports and data", scenario,
                Duration.between(down, up).toSeconds());
        harness.broker().start();

        CatalogAudit audit = finishAndAudit(scenario);

        List<StreamingLoader.Post> answeredWhileDown = loader.posts().stream()
                .filter(p -> p.answeredAt().isAfter(down.plus(IN_FLIGHT_GRACE)) && p.answeredAt().isBefore(up))
                .toList();
        Progress.log("%s: %d digests answered while the broker was down: statuses %s", scenario,
                answeredWhileDown.size(), answeredWhileDown.stream().map(StreamingLoader.Post::status).toList());
        assertThat(answeredWhileDown).as("digests answered while the broker was down").isNotEmpty()
                .allSatisfy(p -> assertThat(p.status()).as("answer to digest #%d", p.index()).isEqualTo(503));
        assertThat(audit.refusedDigests()).as("digests refused with 503").isPositive();
    }

    @Test
    @Order(4)
    void oneOfTwoEnrichInstancesKilledMidStream() {
        String scenario = "enrich-pair-kill";
        harness.startFresh(scenario);
        QuarkusService second = harness.startExtraEnrich("enrich-service-2");
        Progress.log("%s: two enrich instances in one consumer group: %s and %s", scenario, harness.enrich(), second);
        stream(scenario);

        Progress.log("%s: kill -9 %s after %d/%d digests; %s carries on alone", scenario, harness.enrich(),
                loader.answered(), loader.digestCount(), second);
        harness.enrich().kill();

        finishAndAudit(scenario);
        assertThat(second.isAlive()).as("the surviving enrich instance").isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void startStreaming(String scenario) {
        harness.startFresh(scenario);
        stream(scenario);
    }

    /** Subscribes to theme streams, starts the loader and returns once the fault point of the stream is reached. */
    private void stream(String scenario) {
        subscribe(scenario);
        List<List<PaperRecord>> digests = Digests.chunks(corpus(scenario), RECORDS_PER_DIGEST);
        loader = new StreamingLoader(new IngestClient(harness.ingest()::uri, harness.ingestToken()), digests,
                PAUSE_BETWEEN_DIGESTS);
        Progress.log("%s: streaming %d papers in %d digests", scenario, PAPERS, digests.size());
        loader.start();
        loader.awaitAnswered((int) Math.ceil(digests.size() * FAULT_AT), LOADER_MAX);
    }

    private void crashAndRestart(QuarkusService service) {
        Progress.log("kill -9 %s after %d/%d digests", service, loader.answered(), loader.digestCount());
        service.kill();
        loader.awaitAnswered(loader.answered() + DIGESTS_WHILE_DOWN, LOADER_MAX);
        Progress.log("starting %s again after %d/%d digests", service.process().name(), loader.answered(),
                loader.digestCount());
        service.start();
    }

    private CatalogAudit finishAndAudit(String scenario) {
        loader.awaitDone(LOADER_MAX);
        CatalogAudit audit = CatalogAudit.of(scenario, loader, new CatalogClient(harness.query()::uri, line -> Progress.log("%s", line)));
        SUMMARIES.add(audit.summary());
        System.out.println(audit.summary());

        List<String> otherAnswers = new ArrayList<>();
        loader.posts().stream().filter(p -> p.status() != 202 && p.status() != 503)
                .forEach(p -> otherAnswers.add("#" + p.index() + ": " + p.status() + " " + p.error()));
        assertThat(otherAnswers).as("digests answered neither 202 nor 503").isEmpty();
        assertThat(audit.accepted()).as("papers accepted").isPositive();
        assertThat(audit.lost()).as("accepted papers missing from the catalog" + logHint()).isZero();
        assertThat(audit.listedTwice()).as("papers listed more than once by the cursor walk").isZero();
        assertThat(audit.unexpected()).as("papers in the catalog that were neither accepted nor sent in a refused"
                + " digest").isZero();
        // the exact count: every accepted paper, plus those of refused digests that landed all the same
        assertThat(audit.inCatalog()).as("papers in the catalog").isEqualTo(audit.accepted()
                + audit.landedFromRefused());
        assertThat(audit.statsPapers()).as("/stats papers").isEqualTo(audit.inCatalog());
        assertThat(audit.themeCountMismatches()).as("theme paperCounts against the listing").isEmpty();
        assertStreamsDeliveredOnce(scenario, audit);
        return audit;
    }

    /**
     * Opens a resuming subscriber on each of the first {@link #THEMES_WATCHED} themes, before anything is sent:
     * from then on, every paper of those themes must reach it.
     */
    private void subscribe(String scenario) {
        CatalogClient catalog = new CatalogClient(harness.query()::uri);
        List<String> themes = await("the taxonomy's themes listed by query").atMost(THEMES_LISTED_MAX)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> catalog.themes().stream().map(CatalogClient.ThemeCount::slug).limit(THEMES_WATCHED)
                        .toList(), listed -> listed.size() == THEMES_WATCHED);
        List<ResumingSseSubscriber.Server> server = List.of(new ResumingSseSubscriber.Server(
                harness.query().process().name(), uri -> harness.query().uri(uri)));
        for (String theme : themes) {
            subscribers.put(theme, ResumingSseSubscriber.open(scenario + " on " + theme,
                    "/themes/" + theme + "/stream", server, 0));
        }
        Progress.log("%s: subscribers on %s", scenario, themes);
    }

    /** Every paper the catalog lists with a watched theme reached that theme's subscriber, exactly once. */
    private void assertStreamsDeliveredOnce(String scenario, CatalogAudit audit) {
        try {
            await("every paper of the watched themes on their streams").atMost(STREAMS_MAX)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> subscribers.entrySet().stream().allMatch(
                            watched -> watched.getValue().paperIds().containsAll(expectedOn(watched.getKey(), audit))));
            long[] delivered = {-1};
            long[] since = {System.nanoTime()};
            await("no more stream events").atMost(STREAMS_MAX).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = subscribers.values().stream().mapToLong(s -> s.deliveries().size()).sum();
                if (now != delivered[0]) {
                    delivered[0] = now;
                    since[0] = System.nanoTime();
                }
                return System.nanoTime() - since[0] >= STREAMS_QUIET.toNanos();
            });
        } catch (ConditionTimeoutException e) {
            Progress.log("%s: streams still short after %s: %s", scenario, STREAMS_MAX,
                    subscribers.values().stream().map(ResumingSseSubscriber::summary).toList());
        }
        int streamed = 0;
        for (Map.Entry<String, ResumingSseSubscriber> watched : subscribers.entrySet()) {
            ResumingSseSubscriber subscriber = watched.getValue();
            Set<String> expected = expectedOn(watched.getKey(), audit);
            streamed += expected.size();
            String who = subscriber.name() + " (" + subscriber.summary() + ")";
            System.out.println(who);
            assertThat(subscriber.problems()).as("unreadable events at %s", who).isEmpty();
            assertThat(subscriber.duplicates().values().stream().limit(SAMPLE).toList())
                    .as("%d papers delivered more than once to %s; some of them", subscriber.duplicates().size(),
                            who).isEmpty();
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(subscriber.paperIds());
            assertThat(missing.stream().limit(SAMPLE).toList()).as("%d of the %d papers of the theme never reached"
                    + " %s; some of them", missing.size(), expected.size(), who).isEmpty();
            Set<String> extra = new TreeSet<>(subscriber.paperIds());
            extra.removeAll(expected);
            assertThat(extra.stream().limit(SAMPLE).toList()).as("%d papers delivered to %s that the catalog does"
                    + " not list with its theme; some of them", extra.size(), who).isEmpty();
        }
        assertThat(streamed).as("papers of the watched themes (the stream checks need some)").isPositive();
    }

    private static Set<String> expectedOn(String theme, CatalogAudit audit) {
        return audit.idsByTheme().getOrDefault(theme, Set.of());
    }

    private String logHint() {
        return " (logs: " + harness.layout().workDir().resolve("e2e-logs") + ")";
    }

    /** The real 5k papers twice under titles marked with the scenario, or 10,000 generated ones. */
    private List<PaperRecord> corpus(String scenario) {
        return harness.layout().realDigest5k().map(Digests::read).map(real -> {
            List<PaperRecord> papers = new ArrayList<>(Digests.retitled(real, scenario + " replica 1"));
            papers.addAll(Digests.retitled(real, scenario + " replica 2"));
            return papers.subList(0, Math.min(PAPERS, papers.size()));
        }).orElseGet(() -> SyntheticPapers.generate(PAPERS, scenario, scenario.hashCode()));
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
