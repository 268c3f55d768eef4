package io.paperstream.query.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperEnriched;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.Papers;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * A worker thread that dies is reported, never left for dead behind an UP (issue 15: after an OutOfMemoryError the
 * search indexer was gone and health said UP). The workers are broken for real: an Error thrown where an
 * OutOfMemoryError would be.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(BreakableWorkersProfile.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class WorkerHealthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant BASE = Instant.parse("2026-10-20T08:00:00Z");
    private static final List<String> HEALTH = List.of("/q/health/live", "/q/health/ready");

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @AfterEach
    void repair() {
        BreakableSearchIndex.FAULT.set(null);
    }

    @Test
    @Order(1)
    void aDeadSearchIndexerIsDownUntilItsRestartedThreadWorksAgain() {
        awaitCheck("search-indexer", "UP");
        BreakableSearchIndex.FAULT.set(new OutOfMemoryError("test: the heap is exhausted"));
        awaitCheck("search-indexer", "DOWN");
        // still down while every restarted thread dies again
        awaitCheck("search-indexer", "DOWN");

        BreakableSearchIndex.FAULT.set(null);
        awaitCheck("search-indexer", "UP");
        // and it works: a new paper becomes searchable
        PaperEnriched paper = Papers.paper("Recovery: a zyxwvutian indexer restarted", "Found after the restart.",
                "worker-health-test", Map.of(), BASE, "efficiency");
        CatalogTopics.publish(kafka, List.of(paper));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(new JsonPath(
                given().get("/papers?q=zyxwvutian").then().statusCode(200).extract().asString())
                .getList("items.id", String.class)).containsExactly(paper.id()));
    }

    /**
     * SmallRye Kafka with {@code failure-strategy=fail}: a batch whose processing throws stops the channel for good,
     * and the connector's own health check reports it DOWN (liveness and readiness); no check of ours is needed.
     */
    @Test
    @Order(2) // last: the channel stays stopped (a restart of the process recovers it)
    void aConsumerWhoseProcessingThrowsIsDown() {
        PaperEnriched before = Papers.paper("Consumer health: a paper before the fault", "Materialized.",
                "worker-health-test", Map.of(), BASE.plusSeconds(60), "efficiency");
        CatalogTopics.publish(kafka, List.of(before));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/papers/" + before.id()).then().statusCode(200));
        awaitCheck("SmallRye Reactive Messaging", "UP");

        BreakableCatalogWriter.FAULT.set(new OutOfMemoryError("test: the heap is exhausted"));
        PaperEnriched during = Papers.paper("Consumer health: a paper during the fault", "Never written.",
                "worker-health-test", Map.of(), BASE.plusSeconds(120), "efficiency");
        CatalogTopics.publish(kafka, List.of(during));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (String endpoint : HEALTH) {
                JsonPath health = new JsonPath(given().get(endpoint).asString());
                assertThat(health.getString("status")).as(endpoint).isEqualTo("DOWN");
                assertThat(health.getString("checks.findAll { it.status == 'DOWN' }.data")).as(endpoint)
                        .contains("papers-enriched");
            }
        });
        given().get("/papers/" + during.id()).then().statusCode(404);
    }

    /** The check whose name starts with {@code name} has this status on liveness and on readiness. */
    private static void awaitCheck(String name, String status) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (String endpoint : HEALTH) {
                JsonPath health = new JsonPath(given().get(endpoint).asString());
                assertThat(health.getString("checks.find { it.name.startsWith('" + name + "') }.status"))
                        .as(endpoint + " " + name).isEqualTo(status);
                if (status.equals("DOWN")) {
                    assertThat(health.getString("status")).as(endpoint).isEqualTo("DOWN");
                }
            }
        });
    }
}
