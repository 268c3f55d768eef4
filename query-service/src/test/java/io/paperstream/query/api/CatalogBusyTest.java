package io.paperstream.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A request that finds every database connection busy for longer than the pool's acquisition timeout is told to come
 * back (503, a problem, Retry-After), not answered 500 as a bug: seen in CI when a burst of heavy reads held the pool.
 * The pool is exhausted for real, by holding all of its connections.
 */
@QuarkusTest
@TestProfile(CatalogBusyTest.SmallPool.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class CatalogBusyTest {

    static final int POOL_SIZE = 3;

    /** An application of its own with a small pool and a short wait for a connection. */
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", String.valueOf(POOL_SIZE),
                    "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                    "paperstream.query.database-retry-after", "7s");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRequestThatFindsEveryConnectionBusyIsAnswered503WithRetryAfterAndServedOnceOneIsFree() throws SQLException {
        given().get("/papers").then().statusCode(200);

        List<Connection> held = holdEveryConnection();
        try {
            for (String path : List.of("/papers", "/papers?q=learning&sort=relevance")) {
                Response answer = given().get(path);
                assertThat(answer.statusCode()).as(path).isEqualTo(503);
                assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
                assertThat(answer.header("Retry-After")).as(path).isEqualTo("7");
                assertThat(answer.jsonPath().getString("type")).as(path)
                        .isEqualTo("urn:paperstream:problem:catalog-busy");
                assertThat(answer.jsonPath().getString("instance")).as(path).isEqualTo(path.replaceAll("\\?.*", ""));
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        given().get("/papers").then().statusCode(200);
    }

    /** Every connection of the pool, each taken when the application's own workers let go of it. */
    private List<Connection> holdEveryConnection() {
        List<Connection> held = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try {
                held.add(dataSource.getConnection());
            } catch (SQLException busy) {
                // one of the application's workers has it; try again
            }
            return held.size() == POOL_SIZE;
        });
        return held;
    }
}
