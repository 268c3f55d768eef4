package io.paperstream.ingest.api;

import static io.paperstream.ingest.api.DigestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.paperstream.events.TopicNames;
import io.paperstream.ingest.digest.Digests;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Health (with the broker), OpenAPI and Prometheus metrics. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ObservabilityTest {

    @Test
    void readinessIncludesTheBrokerAndTheTopics() {
        // the topics are created in the background after startup
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.find { it.name == 'kafka-broker' }.status", equalTo("UP"))
                        .body("checks.find { it.name == 'kafka-broker' }.data.topics", equalTo("created")));
    }

    @Test
    void topicsAreCreatedWithTheirPartitionsAndPolicies() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
            var parsed = new ConfigResource(ConfigResource.Type.TOPIC, TopicNames.PARSED);
            var deadLetter = new ConfigResource(ConfigResource.Type.TOPIC, TopicNames.DEAD_LETTER);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(parsed, deadLetter)).all()
                    .get(60, TimeUnit.SECONDS);
            var topics = admin.describeTopics(List.of(TopicNames.PARSED, TopicNames.DEAD_LETTER)).allTopicNames()
                    .get(60, TimeUnit.SECONDS);

            assertThat(configs.get(parsed).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(configs.get(deadLetter).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
            assertThat(configs.get(deadLetter).get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(String.valueOf(Duration.ofDays(14).toMillis()));
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
        }
    }

    @Test
    void openApiDocumentsTheEndpointAndItsAnswers() {
        given().accept(ContentType.JSON).when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths['/digests'].post.requestBody.content", hasKey("text/plain"))
                .body("paths['/digests'].post.responses.keySet()",
                        hasItems("202", "400", "401", "413", "415", "422", "503"))
                .body("paths['/digests'].post.responses['422'].content", hasKey("application/problem+json"))
                .body("components.securitySchemes['ingest-token'].scheme", equalTo("bearer"))
                .body("paths['/digests'].post.parameters.name", hasItem("source"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void countersMoveWithDigests() {
        double digests = counter("paperstream_ingest_digests_total\\{outcome=\"accepted\"");
        double accepted = counter("paperstream_ingest_papers_accepted_total");
        double rejected = counter("paperstream_ingest_papers_rejected_total\\{reason=\"missing-summary\"");

        given().contentType("text/plain").body("Metrics paper one\nsummary\nMetrics paper two\n")
                .when().post("/digests").then().statusCode(202);

        assertThat(counter("paperstream_ingest_digests_total\\{outcome=\"accepted\"")).isEqualTo(digests + 1);
        assertThat(counter("paperstream_ingest_papers_accepted_total")).isEqualTo(accepted + 1);
        assertThat(counter("paperstream_ingest_papers_rejected_total\\{reason=\"missing-summary\"")).isEqualTo(rejected + 1);
    }

    private static double counter(String prefix) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + prefix + "[^\\n]*\\s([0-9.eE+-]+)$").matcher(metrics);
        assertThat(matcher.find()).as("metric %s in %n%s", prefix, metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void digestsCanBePostedWithoutATokenWhenNoneIsConfigured() {
        given().contentType("text/plain").body(Digests.seedBytes()).when().post("/digests").then().statusCode(202);
    }
}
