package io.paperstream.ingest.api;

import static io.paperstream.ingest.api.DigestRequests.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.ingest.digest.Digests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The broker is a closed port: the service still starts, is not ready, and answers 503 without claiming. */
@QuarkusTest
@TestProfile(BrokerUnavailableTest.NoBroker.class)
class BrokerUnavailableTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "paperstream.ingest.kafka.admin-timeout", "1s",
                    "paperstream.ingest.kafka.delivery-timeout", "2s",
                    "paperstream.ingest.kafka.request-timeout", "1s",
                    "paperstream.ingest.kafka.max-block", "1s",
                    "paperstream.ingest.kafka.topic-retry-interval", "1s",
                    "paperstream.ingest.kafka.close-timeout", "1s",
                    // the client would log every reconnect attempt to the closed port
                    "quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "ERROR");
        }

        /** A port that was free a moment ago: nothing listens on it. */
        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void postAnswers503ProblemAndClaimsNothing() {
        given().contentType("text/plain").body(Digests.seedBytes())
                .when().post("/digests")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("2"))
                .body("type", equalTo("urn:paperstream:problem:broker-unavailable"))
                .body("status", equalTo(503))
                .body("detail", containsString("nothing of it is claimed"))
                .body("accepted", nullValue());
    }

    @Test
    void readinessIsDownButLivenessIsUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'kafka-broker' }.status", equalTo("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void badInputIsStillJudgedWithoutTheBroker() {
        given().contentType("text/plain").body(new byte[0])
                .when().post("/digests")
                .then().statusCode(400);
        given().contentType("text/plain").body("Only a title\n")
                .when().post("/digests")
                .then().statusCode(422).body("deadLettered", equalTo(false));
    }
}
