package io.paperstream.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.paperstream.e2e.client.CatalogClient;
import io.paperstream.e2e.client.IngestClient;
import io.paperstream.e2e.corpus.Digests;
import io.paperstream.e2e.corpus.PaperRecord;
import io.paperstream.e2e.corpus.SyntheticPapers;
import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.Progress;
import io.paperstream.local.process.QuarkusService;

/**
 * Crashes and outages in the middle of a stream of 10,000 papers, each scenario on a fresh pipeline (empty
 * broker, database and state): afterwards the catalog must hold exactly the papers ingest answered 202 for,
 * none lost, none twice, nothing that was never claimed, with exact theme counts. Runs under
 * {@code -Pfaults} only: {@code ./mvnw -B -ntp -pl e2e-tests -Pfaults verify}.
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

    private static final List<String> SUMMARIES = new CopyOnWriteArrayList<>();

    private final PipelineHarness harness = PipelineHarness.shared();
    private StreamingLoader loader;

    @AfterEach
    void stopLoader() {
        if (loader != null) {
            loader.close();
        }
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

    /** Starts the loader and returns once the fault point of the stream is reached. */
    private void stream(String scenario) {
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
        CatalogAudit audit = CatalogAudit.of(scenario, loader, new CatalogClient(harness.query()::uri));
        SUMMARIES.add(audit.summary());
        System.out.println(audit.summary());

        List<String> otherAnswers = new ArrayList<>();
        loader.posts().stream().filter(p -> p.status() != 202 && p.status() != 503)
                .forEach(p -> otherAnswers.add("#" + p.index() + ": " + p.status() + " " + p.error()));
        assertThat(otherAnswers).as("digests answered neither 202 nor 503").isEmpty();
        assertThat(audit.accepted()).as("papers accepted").isPositive();
        assertThat(audit.lost()).as("accepted papers missing from the catalog" + logHint()).isZero();
        assertThat(audit.duplicated()).as("papers in the catalog more than once").isZero();
        assertThat(audit.unexpected()).as("papers in the catalog that were neither accepted nor sent in a refused"
                + " digest").isZero();
        assertThat(audit.statsPapers()).as("/stats papers").isEqualTo(audit.inCatalog());
        assertThat(audit.themeCountMismatches()).as("theme paperCounts against the listing").isEmpty();
        return audit;
    }

    private String logHint() {
        return " (logs: " + harness.layout().workDir().resolve("e2e-logs") + ")";
    }

    /** The real 5k papers twice under titles marked with the scenario, or 10,000 generated ones. */
    private List<PaperRecord> corpus(String scenario) {
        return Digests.real5k(harness.layout()).map(real -> {
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
