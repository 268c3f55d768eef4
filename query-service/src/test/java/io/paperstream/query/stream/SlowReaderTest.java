package io.paperstream.query.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.paperstream.client.SseSubscriber;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.CatalogTopics.Outgoing;
import io.paperstream.query.testing.Papers;
import io.paperstream.query.testing.SeedPapers;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Issue 15: a subscriber that stopped reading stayed connected and kept its slot, and each drop logged an ERROR.
 * Here a client that never reads (a raw socket with a tiny receive window) is cut off once what waits for it
 * exceeds %test max-backlog-bytes, its slot serves a new subscriber, and the drop is one INFO line.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class SlowReaderTest {

    /** A theme no other test streams. */
    private static final String SLUG = "model-merging";
    /** %test max-subscribers-per-client: every test client is on loopback, which is one client. */
    private static final int PER_CLIENT = 3;
    /**
     * Papers of about 19 KB each (a summary within the shared limit), published ten at a time (190 KB: less than
     * %test max-backlog-bytes, so a client that reads is never behind by more), until the reader that never reads is
     * cut off; at most this many, about 19 MB, far more than the socket buffers of a connection hold.
     */
    private static final int MAX_PAPERS = 1000;
    private static final int PAPERS_PER_STEP = 10;
    private static final int SUMMARY_CHARACTERS = 19_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @TestHTTPResource("/themes/" + SLUG + "/stream")
    URI stream;

    @Inject
    ThemeStreamHub hub;

    @Test
    void aReaderThatNeverReadsIsDisconnectedItsSlotReusedAndTheDropLoggedAtInfo() throws Exception {
        CatalogTopics.publishTaxonomy(kafka);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/themes/" + SLUG).then().statusCode(200));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(hub.openStreams()).as("streams open before").isZero());
        Recording log = new Recording();
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        try (Socket stalled = neverReading(); SseSubscriber first = SseSubscriber.open(stream, null);
                SseSubscriber second = SseSubscriber.open(stream, null)) {
            assertThat(first.next(e -> e.isComment() && e.data().startsWith("subscribed"), TIMEOUT)).isNotNull();
            assertThat(second.next(e -> e.isComment() && e.data().startsWith("subscribed"), TIMEOUT)).isNotNull();
            assertThat(hub.openStreams()).isEqualTo(PER_CLIENT);
            assertThat(statusOfANewStream()).as("a stream beyond the client's limit").isEqualTo(429);

            int published = 0;
            while (hub.openStreams() == PER_CLIENT && published < MAX_PAPERS) {
                List<Outgoing> papers = new ArrayList<>();
                for (int i = 0; i < PAPERS_PER_STEP; i++, published++) {
                    PaperEnriched paper = Papers.paper("Slow reader paper " + published,
                            "x".repeat(SUMMARY_CHARACTERS), SeedPapers.ARXIV, Map.of(), SeedPapers.at(500 + published),
                            SLUG);
                    papers.add(new Outgoing(paper.id(), EventJson.toBytes(paper), 0));
                }
                CatalogTopics.publishInTransaction(kafka, papers);
                // the readers keep up: they get every paper, and are never cut off
                assertThat(first.next(PAPERS_PER_STEP, e -> "paper".equals(e.type()), TIMEOUT))
                        .hasSize(PAPERS_PER_STEP);
                assertThat(second.next(PAPERS_PER_STEP, e -> "paper".equals(e.type()), TIMEOUT))
                        .hasSize(PAPERS_PER_STEP);
            }
            // the one that never reads is cut off, and its slot is free at once: a new subscriber gets it
            assertThat(hub.openStreams()).as("streams open after %d papers", published).isEqualTo(PER_CLIENT - 1);
            try (SseSubscriber third = SseSubscriber.open(stream, null)) {
                assertThat(third.next(e -> e.isComment() && e.data().startsWith("subscribed"), TIMEOUT)).isNotNull();
            }
            assertThat(endsWithin(stalled)).as("the stalled reader's connection was closed by the server").isTrue();
            // before the readers close: a client closing its own stream is not what this test is about
            root.removeHandler(log);
        } finally {
            root.removeHandler(log);
        }
        assertThat(log.messages(Level.INFO)).as("INFO lines")
                .filteredOn(line -> line.startsWith("disconnected a subscriber of " + SLUG))
                .singleElement().asString().contains("bytes of events waited");
        assertThat(log.messages(Level.SEVERE)).as("ERROR lines").isEmpty();
        assertThat(log.messages(Level.WARNING)).as("WARN lines").noneMatch(line -> line.contains(SLUG));
    }

    /** Subscribes with a tiny receive window, reads the response head and its first comment, then never again. */
    private Socket neverReading() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress(stream.getHost(), stream.getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + stream.getPath() + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().contains("subscribed")) {
            int b = in.read();
            assertThat(b).as("the stream's first bytes").isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200");
        return socket;
    }

    /** Reads what the server had sent until the connection ends (EOF or reset); false if it is still open. */
    private static boolean endsWithin(Socket socket) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(buffer) >= 0) {
                // drain: what the socket buffers held before the server closed it
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // reset: the server closed with data still unsent
            return true;
        }
    }

    private int statusOfANewStream() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    /** Every log record of the process while attached, formatted. */
    private static final class Recording extends Handler {

        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        /** Messages at exactly this level (JBoss ERROR is SEVERE's value, WARN is WARNING's). */
        List<String> messages(Level level) {
            return records.stream().filter(r -> r.getLevel().intValue() == level.intValue())
                    .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage()).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
