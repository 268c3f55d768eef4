package io.paperstream.ingest.api;

import static io.paperstream.ingest.api.DigestRequests.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.ingest.digest.Digests;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With {@code paperstream.ingest.token} set, writes need the bearer token and reads stay open. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(IngestTokenTest.WithToken.class)
class IngestTokenTest {

    static final String TOKEN = "s3cret-ingest-token";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paperstream.ingest.token", TOKEN);
        }
    }

    @Test
    void postWithoutTokenIs401() {
        given().contentType("text/plain").body(Digests.seedBytes())
                .when().post("/digests")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo(IngestTokenFilter.CHALLENGE))
                .body("type", equalTo("urn:paperstream:problem:missing-token"))
                .body("status", equalTo(401));
    }

    @Test
    void postWithAWrongTokenIs401() {
        for (String authorization : new String[] { "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN }) {
            given().contentType("text/plain").header("Authorization", authorization).body(Digests.seedBytes())
                    .when().post("/digests")
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void tokenIsCheckedBeforeTheMediaType() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/digests")
                .then().statusCode(401);
    }

    @Test
    void postWithTheTokenIsAccepted() {
        given().contentType("text/plain").header("Authorization", "Bearer " + TOKEN).body(Digests.seedBytes())
                .when().post("/digests")
                .then().statusCode(202).body("accepted", equalTo(9));
    }

    @Test
    void readsStayOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
