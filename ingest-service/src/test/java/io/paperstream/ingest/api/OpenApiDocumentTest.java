package io.paperstream.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.OpenApiConventions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The served OpenAPI document is one a client generator can use (what redocly's recommended rules check). */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class OpenApiDocumentTest {

    @Test
    void theServedDocumentKeepsTheConventions() {
        Map<String, Object> document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("");

        assertThat(OpenApiConventions.violations(document)).isEmpty();
        assertThat(document.get("paths").toString()).contains("operationId=ingestDigest");
    }
}
