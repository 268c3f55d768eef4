package io.paperstream.query.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.paperstream.client.SseSubscriber;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.CatalogTopics.Outgoing;
import io.paperstream.query.testing.CatalogTopics.Produced;
import io.paperstream.query.testing.Papers;
import io.paperstream.query.testing.SeedPapers;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Theme streams over a real broker: papers are written to papers.enriched as enrich writes them (in transactions,
 * on several partitions), and what a subscriber receives is checked against where they landed.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ThemeStreamTest {

    /** A theme no other test writes papers of. */
    private static final String SLUG = "synthetic-data";
    /** Another theme no other test writes papers of. */
    private static final String OTHER_SLUG = "causal-inference";
    /** Of papers.enriched in tests (paperstream.topics.partitions). */
    private static final int PARTITIONS = 3;
    /** %test max-replay: smaller than what the reconnection below missed. */
    private static final int MAX_REPLAY = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @TestHTTPResource("/themes/" + SLUG + "/stream")
    URI stream;

    /** Paper id to where it landed, over the whole test. */
    private final Map<String, Produced> landed = new HashMap<>();
    private int papers;

    @Test
    void aSubscriberGetsEveryPaperOnceAndAReconnectionExactlyWhatItMissed() throws Exception {
        CatalogTopics.publishTaxonomy(kafka);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/themes/" + SLUG).then().statusCode(200));
        StreamPosition start = endOfTopic();

        String lastId;
        try (SseSubscriber live = SseSubscriber.open(stream, null)) {
            assertThat(live.next(e -> e.isComment() && e.data().startsWith("subscribed"), TIMEOUT)).isNotNull();
            List<Outgoing> batch = new ArrayList<>(papers(7));
            // not a paper: skipped by the stream (the materializer dead-letters it)
            batch.add(3, new Outgoing("poison", "{not json".getBytes(StandardCharsets.UTF_8), 1));
            List<Produced> first = publish(batch).stream().filter(p -> !p.key().equals("poison")).toList();
            List<Produced> sentinels = publish(onePerPartition());

            List<SseSubscriber.Event> received = live.next(first.size() + PARTITIONS, this::isPaper, TIMEOUT);
            List<Produced> expected = concat(first, sentinels);
            assertExactly(received, expected, start);
            JsonPath data = new JsonPath(received.get(0).data());
            assertThat(data.getString("title")).startsWith("Streamed paper ");
            assertThat(data.getList("themes.slug", String.class)).containsExactly(SLUG, "llm-agents");
            lastId = received.get(received.size() - 1).id();
        }

        // missed while disconnected: more than max-replay, so the replay spans connections, as EventSource does
        List<Produced> missed = concat(publish(papers(8)), publish(onePerPartition()));
        assertThat(missed.size()).isGreaterThan(2 * MAX_REPLAY);
        List<SseSubscriber.Event> resumed = new ArrayList<>();
        String id = lastId;
        int connections = 0;
        SseSubscriber last = null;
        try {
            while (resumed.size() < missed.size()) {
                assertThat(connections).as("connections so far").isLessThan(missed.size());
                if (last != null) {
                    last.close();
                }
                last = SseSubscriber.open(stream, id);
                connections++;
                int before = resumed.size();
                while (resumed.size() < missed.size()) {
                    SseSubscriber.Event event = last.next(e -> e.isEnd() || isPaper(e), TIMEOUT);
                    assertThat(event).as("a paper or the end of connection %d", connections).isNotNull();
                    if (event.isEnd()) {
                        break;
                    }
                    resumed.add(event);
                    id = event.id();
                }
                assertThat(resumed.size() - before).as("papers of connection %d", connections)
                        .isBetween(1, MAX_REPLAY);
            }
            assertExactly(resumed, missed, StreamPosition.parse(lastId));
            // every connection but the last ended after max-replay papers
            assertThat(connections).isEqualTo((missed.size() + MAX_REPLAY - 1) / MAX_REPLAY);

            // the last connection went live after its replay: it streams what comes next, once
            List<Produced> next = publish(onePerPartition());
            assertExactly(last.next(next.size(), this::isPaper, TIMEOUT), next, StreamPosition.parse(id));
        } finally {
            if (last != null) {
                last.close();
            }
        }
    }

    @Test
    void aPaperReachesTheSubscribersOfEachOfItsThemesAndNoOthers() throws Exception {
        CatalogTopics.publishTaxonomy(kafka);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/themes/" + OTHER_SLUG).then().statusCode(200));
        try (SseSubscriber ofSlug = SseSubscriber.open(stream, null);
                SseSubscriber ofOther = SseSubscriber.open(stream.resolve("/themes/" + OTHER_SLUG + "/stream"), null)) {
            assertThat(ofSlug.next(e -> e.isComment() && e.data().startsWith("subscribed"), TIMEOUT)).isNotNull();
            assertThat(ofOther.next(e -> e.isComment() && e.data().startsWith("subscribed"), TIMEOUT)).isNotNull();
            Outgoing both = paper(0, SLUG, OTHER_SLUG);
            Outgoing slugOnly = paper(1, SLUG);
            Outgoing otherOnly = paper(2, OTHER_SLUG);
            Outgoing neither = paper(0, "llm-agents");
            List<Produced> produced = publish(List.of(both, slugOnly, neither, otherOnly));
            List<SseSubscriber.Event> toSlug = ofSlug.next(2, this::isPaper, TIMEOUT);
            List<SseSubscriber.Event> toOther = ofOther.next(2, this::isPaper, TIMEOUT);
            assertThat(paperIds(toSlug)).containsExactlyInAnyOrder(both.key(), slugOnly.key());
            assertThat(paperIds(toOther)).containsExactlyInAnyOrder(both.key(), otherOnly.key());
            Produced bothLanded = produced.get(0);
            for (List<SseSubscriber.Event> events : List.of(toSlug, toOther)) {
                SseSubscriber.Event event = events.stream()
                        .filter(e -> new JsonPath(e.data()).getString("id").equals(both.key())).findFirst().orElseThrow();
                assertThat(StreamPosition.parse(event.id()).next(bothLanded.partition()))
                        .as("the id: right after the paper on its partition of papers.enriched")
                        .isEqualTo(bothLanded.offset() + 1);
            }
            // nothing else was sent (a wrong paper would come before these), and a paper of neither theme never is
            List<Produced> next = publish(List.of(paper(1, "llm-agents"), paper(1, SLUG, OTHER_SLUG)));
            assertThat(new JsonPath(ofSlug.next(this::isPaper, TIMEOUT).data()).getString("id"))
                    .isEqualTo(next.get(1).key());
            assertThat(new JsonPath(ofOther.next(this::isPaper, TIMEOUT).data()).getString("id"))
                    .isEqualTo(next.get(1).key());
        }
    }

    @Test
    void anIdItNeverSendsIsABadRequest() {
        for (String bad : List.of("0-1.0-2", "0-", "1520")) {
            Response response = given().header("Last-Event-ID", bad).get("/themes/" + SLUG + "/stream");
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("parameter")).isEqualTo("Last-Event-ID");
        }
    }

    /**
     * The events are the produced papers, each once, in offset order within each partition, and each event's id
     * is the position right after its paper, walked from {@code from}.
     */
    private void assertExactly(List<SseSubscriber.Event> events, List<Produced> produced, StreamPosition from) {
        List<String> ids = events.stream().map(e -> new JsonPath(e.data()).getString("id")).toList();
        assertThat(ids).as("papers received").containsExactlyInAnyOrderElementsOf(
                produced.stream().map(Produced::key).toList());
        assertThat(byPartition(ids)).as("order within each partition").isEqualTo(byPartition(
                produced.stream().sorted((a, b) -> Long.compare(a.offset(), b.offset())).map(Produced::key)
                        .toList()));
        StreamPosition position = from;
        for (SseSubscriber.Event event : events) {
            Produced at = landed.get(new JsonPath(event.data()).getString("id"));
            position = position.after(at.partition(), at.offset());
            assertThat(event.id()).as("id of the paper at %s", at).isEqualTo(position.toString());
        }
    }

    private Map<Integer, List<String>> byPartition(List<String> paperIds) {
        return paperIds.stream().collect(Collectors.groupingBy(id -> landed.get(id).partition(), TreeMap::new,
                Collectors.toList()));
    }

    private List<Produced> publish(List<Outgoing> records) {
        List<Produced> produced = CatalogTopics.publishInTransaction(kafka, records);
        produced.forEach(p -> landed.put(p.key(), p));
        return produced;
    }

    /** Papers of the theme spread over the partitions (several on each, so each partition has an order). */
    private List<Outgoing> papers(int count) {
        List<Outgoing> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(paper(i % PARTITIONS));
        }
        return records;
    }

    private List<Outgoing> onePerPartition() {
        List<Outgoing> records = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            records.add(paper(partition));
        }
        return records;
    }

    private Outgoing paper(int partition) {
        return paper(partition, SLUG, "llm-agents");
    }

    private Outgoing paper(int partition, String... themes) {
        PaperEnriched paper = Papers.paper("Streamed paper " + (++papers) + " in " + String.join(" and ", themes),
                "Streamed.", SeedPapers.ARXIV, Map.of(), SeedPapers.at(100 + papers), themes);
        return new Outgoing(paper.id(), EventJson.toBytes(paper), partition);
    }

    private static List<String> paperIds(List<SseSubscriber.Event> events) {
        return events.stream().map(e -> new JsonPath(e.data()).getString("id")).toList();
    }

    private StreamPosition endOfTopic() {
        Map<Integer, Long> ends = new LinkedHashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ends.put(partition, kafka.offsets().get(new TopicPartition(CatalogTopics.ENRICHED, partition),
                    OffsetSpec.latest()).offset());
        }
        return StreamPosition.of(ends);
    }

    private boolean isPaper(SseSubscriber.Event event) {
        return "paper".equals(event.type());
    }

    private static List<Produced> concat(List<Produced> a, List<Produced> b) {
        List<Produced> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
