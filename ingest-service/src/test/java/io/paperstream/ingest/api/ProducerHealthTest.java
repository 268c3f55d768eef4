package io.paperstream.ingest.api;

import static io.paperstream.ingest.api.DigestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.paperstream.ingest.digest.Digests;
import io.paperstream.ingest.messaging.KafkaClients;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A broken producer, broken for real: its I/O thread killed by an Error (as the OutOfMemoryError of issue 15 did)
 * or the producer closed. Readiness goes DOWN instead of staying UP while every POST fails, the producer is
 * replaced, and digests are accepted again without a restart.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ProducerHealthTest {

    /** Not papers.parsed: the record only serves to get a callback onto the producer's I/O thread. */
    private static final String SCRATCH_TOPIC = "ingest-producer-health-test";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    KafkaClients clients;

    /** What an OutOfMemoryError does to the thread it is thrown on, without exhausting the test JVM's heap. */
    static final class SimulatedSenderDeath extends Error {
        SimulatedSenderDeath() {
            super("simulated death of the producer's I/O thread");
        }
    }

    @Test
    void aDeadSenderThreadMakesReadinessDownThenTheProducerIsReplaced() {
        awaitReady();
        killTheSenderThread(clients.producer());

        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'kafka-producer' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka-producer' }.data.error", containsString("I/O thread")));

        awaitReady();
        assertDigestAccepted();
    }

    @Test
    void aPostAfterTheSenderThreadDiedIsAcceptedNot503() {
        awaitReady();
        killTheSenderThread(clients.producer());
        Awaitility.await().atMost(DEADLINE).until(() -> clients.producerProblem() != null);

        assertDigestAccepted();
        assertThat(clients.producerProblem()).isNull();
    }

    @Test
    void aClosedProducerMakesReadinessDownThenTheProducerIsReplaced() {
        awaitReady();
        clients.producer().close();

        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'kafka-producer' }.status", equalTo("DOWN"));

        awaitReady();
        assertDigestAccepted();
    }

    /** An Error thrown by a send callback runs on the I/O thread and ends it, as any Error there does. */
    private static void killTheSenderThread(Producer<String, byte[]> producer) {
        producer.send(new ProducerRecord<>(SCRATCH_TOPIC, "health", new byte[] { 1 }), (metadata, exception) -> {
            throw new SimulatedSenderDeath();
        });
    }

    private static void awaitReady() {
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'kafka-producer' }.status", equalTo("UP")));
    }

    private static void assertDigestAccepted() {
        given().contentType("text/plain").body(Digests.seedBytes())
                .when().post("/digests")
                .then().statusCode(202).body("accepted", equalTo(9));
    }
}
