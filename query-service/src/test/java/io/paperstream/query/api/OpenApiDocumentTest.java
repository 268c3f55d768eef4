package io.paperstream.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.OpenApiConventions;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The served OpenAPI document is one a client generator can use (what redocly's recommended rules check). */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class OpenApiDocumentTest {

    @Test
    void theServedDocumentKeepsTheConventions() {
        Map<String, Object> document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("");

        assertThat(OpenApiConventions.violations(document)).isEmpty();
    }
}
