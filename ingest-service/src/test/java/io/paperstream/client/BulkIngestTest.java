package io.paperstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;
import io.paperstream.ingest.digest.ParsedDigest;

/**
 * BulkIngest against a stand-in of ingest's HTTP face that parses with ingest's own parser (publishing nothing):
 * what each digest brought is reported by file line, refusals are reported and loading goes on, a 503 is
 * retried, and no more digests are in flight than allowed.
 */
class BulkIngestTest {

    private static final String TOKEN = "secret";
    private static final String UNAVAILABLE_ONCE = "Answered Unavailable Once";
    private static final String REFUSED_WHOLE = "Refused As A Whole";
    private static final DigestParser PARSER = new DigestParser(new DigestLimits(PaperLimits.shipped(), 1000, 1000));

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    /** When set, the first requests wait here until that many are in flight at once. */
    private volatile CyclicBarrier together;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext(IngestClient.DIGESTS_PATH, this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void everyRecordIsAcceptedOrReportedAtItsFileLine() throws Exception {
        String file = """
                Good Paper One
                Its summary.

                Title Without Summary

                Good Paper Two
                Its summary.
                Related code (x)
                Good Paper Three
                Its summary.
                Good Paper Four
                Its summary.
                """;
        List<BulkIngest.Progress> seen = new CopyOnWriteArrayList<>();
        BulkIngest.Summary summary = load(file, new DigestSplitter.Limits(2, 1_000_000), 2,
                new BulkIngest.Listener() {
                    @Override
                    public void answered(DigestSplitter.Digest digest, IngestClient.Answer answer,
                                         BulkIngest.Progress progress) {
                        seen.add(progress);
                    }
                });

        assertThat(summary.progress().accepted()).isEqualTo(3);
        assertThat(summary.progress().records()).isEqualTo(5);
        assertThat(summary.progress().bytes()).isEqualTo(file.getBytes(StandardCharsets.UTF_8).length);
        assertThat(summary.rejections()).extracting(BulkIngest.FileRejection::fileLine,
                BulkIngest.FileRejection::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(4, "missing-summary"),
                org.assertj.core.groups.Tuple.tuple(8, "invalid-related-count"));
        assertThat(summary.rejections()).filteredOn(rejection -> rejection.fileLine() == 4).singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).contains("line 4").contains("line 5"));
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.complete()).isFalse();
        assertThat(seen).hasSize(summary.progress().digests());
        assertThat(seen).extracting(BulkIngest.Progress::digests).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(authorizations).containsOnly("Bearer " + TOKEN);
    }

    @Test
    void aRefusedDigestIsReportedWithItsLinesAndLoadingGoesOn() throws Exception {
        String file = "Paper A\nS.\n" + REFUSED_WHOLE + "\nS.\nPaper B\nS.\n" + UNAVAILABLE_ONCE + "\nS.\n";

        BulkIngest.Summary summary = load(file, new DigestSplitter.Limits(1, 1_000_000), 1,
                new BulkIngest.Listener() { });

        assertThat(summary.progress().accepted()).isEqualTo(3);
        assertThat(summary.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.firstLine()).isEqualTo(3);
            assertThat(failure.status()).isEqualTo(413);
            assertThat(failure.reason()).contains("Too many records");
        });
        assertThat(attempts.get(UNAVAILABLE_ONCE)).as("a 503 is tried again").isEqualTo(2);
        assertThat(summary.complete()).isFalse();
    }

    @Test
    void aDigestWithoutValidRecordReportsEachRejection() throws Exception {
        String file = "Good Paper\nS.\nBad One\n\nBad Two\n";

        BulkIngest.Summary summary = load(file, new DigestSplitter.Limits(1, 1_000_000), 1,
                new BulkIngest.Listener() { });

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.rejections()).extracting(BulkIngest.FileRejection::fileLine).containsExactly(3, 5);
    }

    @Test
    void digestsGoOutConcurrentlyButNeverBeyondTheBound() throws Exception {
        int concurrency = 3;
        together = new CyclicBarrier(concurrency);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            file.append("Paper Number ").append(i).append("\nIts summary.\n");
        }

        BulkIngest.Summary summary = load(file.toString(), new DigestSplitter.Limits(1, 1_000_000), concurrency,
                new BulkIngest.Listener() { });

        assertThat(summary.progress().accepted()).isEqualTo(30);
        assertThat(mostInFlight.get()).isEqualTo(concurrency);
        assertThat(summary.complete()).isTrue();
    }

    private BulkIngest.Summary load(String file, DigestSplitter.Limits limits, int concurrency,
                                   BulkIngest.Listener listener) throws IOException, InterruptedException {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        BulkIngest bulk = new BulkIngest(new IngestClient(base, TOKEN, "test"),
                new BulkIngest.Options(concurrency, 1, Duration.ZERO), listener);
        try (DigestSplitter splitter = DigestSplitter.of(
                new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), limits)) {
            return bulk.run(splitter);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            CyclicBarrier barrier = together;
            if (barrier != null && arrivals.incrementAndGet() <= barrier.getParties()) {
                awaitQuietly(barrier);
            }
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains(UNAVAILABLE_ONCE) && attempts.merge(UNAVAILABLE_ONCE, 1, Integer::sum) == 1) {
                send(exchange, 503, Problems.MEDIA_TYPE, problem(503, "Broker unavailable", "try again"));
                return;
            }
            if (body.contains(REFUSED_WHOLE)) {
                send(exchange, 413, Problems.MEDIA_TYPE, problem(413, "Too many records in the digest", "stop"));
                return;
            }
            ParsedDigest parsed = PARSER.parse(body);
            ArrayNode rejected = EventJson.mapper().createArrayNode();
            parsed.rejected().forEach(block -> rejected.addObject().put("line", block.line())
                    .put("code", block.code().slug()).put("reason", block.reason()));
            if (parsed.records().isEmpty()) {
                ObjectNode problem = problem(422, "No valid record in the digest", "none valid");
                problem.set("rejected", rejected);
                send(exchange, 422, Problems.MEDIA_TYPE, problem);
                return;
            }
            ObjectNode receipt = EventJson.mapper().createObjectNode().put("digestId", "d")
                    .put("accepted", parsed.records().size());
            ArrayNode papers = receipt.putArray("papers");
            parsed.records().forEach(record -> papers.addObject().put("id", record.id())
                    .put("title", record.title()).put("line", record.line()));
            receipt.set("rejected", rejected);
            send(exchange, 202, "application/json", receipt);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            // bounded so that a broken bound fails the test instead of hanging it
            barrier.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode problem(int status, String title, String detail) {
        return EventJson.mapper().createObjectNode().put("type", "urn:test").put("title", title)
                .put("status", status).put("detail", detail);
    }

    private static void send(HttpExchange exchange, int status, String type, Object json) throws IOException {
        byte[] bytes = EventJson.mapper().writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
