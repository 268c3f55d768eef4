package io.paperstream.ingest.api;

import static io.paperstream.ingest.api.DigestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.TopicNames;
import io.paperstream.ingest.digest.Digests;
import io.paperstream.ingest.digest.ShippedConfig;
import io.paperstream.ingest.digest.TinyRecords;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The hostile inputs of issue 15 against ingest with its shipped body limit and a real broker: each is refused
 * with a 4xx naming the problem (never a 500, never a 503 that invites a retry), and a normal digest is accepted
 * afterwards.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(HostileInputTest.Hostile.class)
class HostileInputTest {

    /**
     * Above the producer's 1 MiB max.request.size on purpose: a record between the two reaches the producer and is
     * refused by it, one beyond is refused by ingest's own check. Summaries may be long enough to make both.
     */
    static final int MAX_RECORD_BYTES = 2_000_000;

    public static class Hostile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // the shipped body limits, not the small %test ones: the attack bodies are 14 MB
                    "paperstream.ingest.max-body-size", ShippedConfig.ingest("paperstream.ingest.max-body-size"),
                    "quarkus.http.limits.max-body-size", ShippedConfig.ingest("quarkus.http.limits.max-body-size"),
                    "paperstream.limits.max-record-bytes", String.valueOf(MAX_RECORD_BYTES),
                    "paperstream.limits.max-summary-length", String.valueOf(3 * MAX_RECORD_BYTES),
                    // a client that stops sending mid-body is dropped sooner than the shipped 60 s
                    "quarkus.http.read-timeout", "5s");
        }
    }

    private static final String PARSED = TopicNames.PARSED;
    private static final String DEAD_LETTER = TopicNames.DEAD_LETTER;
    private static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/digests")
    URI digestsUri;

    @Test
    void aMillionTinyRecordsAreRefusedWith413AndANormalDigestIsAcceptedAfterwards() throws Exception {
        int limit = Integer.parseInt(ShippedConfig.ingest("paperstream.ingest.max-records-per-digest"));

        // streamed as it is made (chunked), so that the test JVM, broker included, holds none of its 14 MB
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(digestsUri)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> TinyRecords.stream(1_000_000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).contains(PROBLEM_JSON);
        JsonPath problem = JsonPath.from(answer.body());
        assertThat(problem.getString("type")).isEqualTo("urn:paperstream:problem:too-many-records");
        assertThat(problem.getInt("maxRecordsPerDigest")).isEqualTo(limit);
        // the first record beyond the limit starts right after the limit's records
        assertThat(problem.getInt("line")).isEqualTo(limit * TinyRecords.LINES_PER_RECORD + 1);
        assertThat(problem.getString("detail")).contains("max-records-per-digest");

        List<String> attackIds = List.of(PaperId.fromTitle(TinyRecords.title(0)),
                PaperId.fromTitle(TinyRecords.title(limit - 1)));
        assertThat(TopicReader.read(PARSED, record -> attackIds.contains(record.key()))).isEmpty();
        assertNormalDigestAccepted();
    }

    @Test
    void aContentLengthThatLiesNeverCostsWhatItDeclaresNorAnswers5xx() throws Exception {
        byte[] thirtyBytes = "Lying length\nThirty bytes..\n".getBytes(StandardCharsets.US_ASCII);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(clients.submit(() -> RawHttp.postDeclaring(digestsUri, 16_000_000, thirtyBytes, true)));
            }
            for (Future<Integer> answer : answers) {
                assertCleanEnd(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
        // more than the framework buffers in memory (10 KiB), so the resource itself reads, then waits for the rest
        byte[] someMore = "a".repeat(20 * 1024).getBytes(StandardCharsets.US_ASCII);
        assertCleanEnd(RawHttp.postDeclaring(digestsUri, 16_000_000, someMore, false));
        assertNormalDigestAccepted();
    }

    @Test
    void aRecordTooLargeToPublishIsRejectedWithItsLineAndTheOthersAreAccepted() {
        String digest = "Hostile good paper A\nSummary A.\n"
                + "Hostile huge paper B\n" + "b".repeat(MAX_RECORD_BYTES + 100_000) + "\n"
                + "Hostile good paper C\nSummary C.\n";

        ExtractableResponse<Response> answer = post(digest.getBytes(StandardCharsets.UTF_8))
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("papers.line", contains(1, 5))
                .body("rejected.line", contains(3))
                .body("rejected.code", contains("record-too-large"))
                .body("rejected[0].reason", containsString("line 3"))
                .body("rejected[0].reason", containsString(String.valueOf(MAX_RECORD_BYTES)))
                .extract();
        String digestId = answer.path("digestId");

        assertThat(TopicReader.read(PARSED, ofDigest(digestId)))
                .extracting(record -> EventJson.fromBytes(record.value(), PaperParsed.class).title())
                .containsExactlyInAnyOrder("Hostile good paper A", "Hostile good paper C");
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(DEAD_LETTER,
                record -> digestId.equals(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.DIGEST_ID)));
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.LINE)).isEqualTo("3");
            assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON)).contains("line 3");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("Hostile huge paper B\nbbb");
        });
    }

    @Test
    void aDigestWhoseOnlyRecordIsTooLargeIs422() {
        String digest = "Hostile lone huge paper\n" + "c".repeat(MAX_RECORD_BYTES + 100_000) + "\n";

        post(digest.getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:paperstream:problem:no-valid-record"))
                .body("rejected.code", contains("record-too-large"))
                .body("rejected.line", contains(1));
    }

    /** Past ingest's check but over the producer's 1 MiB request limit: the producer's refusal is a 4xx too. */
    @Test
    void aRecordTheProducerRefusesIsA422NamingItsLineNeverA503() {
        int overTheProducerLimit = 1024 * 1024 + 100_000;
        String digest = "Hostile fine paper D\nSummary D.\n"
                + "Hostile refused paper E\n" + "e".repeat(overTheProducerLimit) + "\n";

        post(digest.getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:paperstream:problem:record-refused"))
                .body("line", equalTo(3))
                .body("detail", containsString("line 3"))
                .body("detail", containsString("RecordTooLargeException"));
        assertNormalDigestAccepted();
    }

    private static Response post(byte[] body) {
        return given().contentType("text/plain").body(body).when().post("/digests");
    }

    private static void assertCleanEnd(int status) {
        assertThat(status).as("status (%d = the connection ended)", RawHttp.CONNECTION_ENDED)
                .satisfiesAnyOf(
                        s -> assertThat(s).isEqualTo(RawHttp.CONNECTION_ENDED),
                        s -> assertThat(s).isBetween(400, 499));
    }

    private static void assertNormalDigestAccepted() {
        given().contentType("text/plain").body(Digests.seedBytes())
                .when().post("/digests")
                .then().statusCode(202).body("accepted", equalTo(9));
    }

    private static Predicate<ConsumerRecord<String, byte[]>> ofDigest(String digestId) {
        return record -> digestId.equals(EventJson.fromBytes(record.value(), PaperParsed.class).digestId());
    }
}
