package io.paperstream.ingest.api;

import static io.paperstream.ingest.api.DigestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.TopicNames;
import io.paperstream.ingest.digest.Digests;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** POST /digests against a real broker: what lands on the topics, and every error answer. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class DigestResourceTest {

    private static final String PARSED = TopicNames.PARSED;
    private static final String DEAD_LETTER = TopicNames.DEAD_LETTER;
    private static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/digests")
    URI digestsUri;

    // ---- accepted digests ----------------------------------------------------------------------

    @Test
    void seedDigestPublishesNineRecordsKeyedByPaperId() {
        ExtractableResponse<Response> answer = post(Digests.seedBytes(), "seed-test")
                .then().statusCode(202).contentType(ContentType.JSON)
                .body("accepted", equalTo(9))
                .body("papers", hasSize(9))
                .body("rejected", hasSize(0))
                .extract();
        String digestId = answer.path("digestId");
        List<String> titles = answer.path("papers.title");
        List<String> ids = answer.path("papers.id");
        assertThat(ids).containsExactlyElementsOf(titles.stream().map(PaperId::fromTitle).toList());
        assertThat(titles.get(0)).isEqualTo("When Does Model Collapse Occur in Structured Interactive Learning?");

        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(PARSED, ofDigest(digestId));

        assertThat(records).hasSize(9);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
        for (var record : records) {
            PaperParsed paper = EventJson.fromBytes(record.value(), PaperParsed.class);
            assertThat(paper.schemaVersion()).isEqualTo(PaperParsed.SCHEMA_VERSION);
            assertThat(paper.id()).isEqualTo(record.key()).isEqualTo(PaperId.fromTitle(paper.title()));
            assertThat(paper.summary()).isNotBlank();
            assertThat(paper.source()).isEqualTo("seed-test");
            assertThat(paper.ingestedAt()).isNotNull();
            assertThat(paper.line()).isEqualTo(answer.<Integer>path("papers[" + ids.indexOf(paper.id()) + "].line"));
        }
        PaperParsed first = records.stream().map(r -> EventJson.fromBytes(r.value(), PaperParsed.class))
                .filter(p -> p.line() == 1).findFirst().orElseThrow();
        assertThat(first.related()).containsExactly(Map.entry("guides", 3L), Map.entry("events", 8L));
    }

    @Test
    void postingTheSameDigestAgainGivesTheSameKeys() {
        String firstDigest = post(Digests.seedBytes(), null).then().statusCode(202).extract().path("digestId");
        String secondDigest = post(Digests.seedBytes(), null).then().statusCode(202).extract().path("digestId");
        assertThat(secondDigest).isNotEqualTo(firstDigest);

        List<String> firstKeys = TopicReader.read(PARSED, ofDigest(firstDigest)).stream().map(ConsumerRecord::key).toList();
        List<ConsumerRecord<String, byte[]>> second = TopicReader.read(PARSED, ofDigest(secondDigest));

        assertThat(firstKeys).hasSize(9).doesNotHaveDuplicates();
        assertThat(second).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(firstKeys);
        assertThat(second).allSatisfy(r ->
                assertThat(EventJson.fromBytes(r.value(), PaperParsed.class).source()).isEqualTo("api"));
    }

    @Test
    void charsetParameterIsOptionalButMayBeGiven() {
        given().contentType("text/plain; charset=UTF-8").body("A charset test\nsummary\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/digests")
                .then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void mixedDigestAcceptsTheGoodRecordsAndDeadLettersTheBadOnes() {
        String digest = """
                Mixed digest: a good paper
                Its summary.
                Related guides (2)
                Mixed digest: a bad count
                Its summary.
                Related events (lots)
                Mixed digest: another good paper
                Another summary.
                Mixed digest: a title without summary
                """;
        ExtractableResponse<Response> answer = post(digest.getBytes(StandardCharsets.UTF_8), "mixed-test")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("papers.title", contains("Mixed digest: a good paper", "Mixed digest: another good paper"))
                .body("papers.line", contains(1, 7))
                .body("rejected.line", contains(6, 9))
                .body("rejected.code", contains("invalid-related-count", "missing-summary"))
                .body("rejected[0].reason", containsString("line 6"))
                .body("rejected[1].reason", containsString("line 9"))
                .extract();
        String digestId = answer.path("digestId");

        assertThat(TopicReader.read(PARSED, ofDigest(digestId))).hasSize(2);
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(DEAD_LETTER, deadLettersOf(digestId));

        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterHeaders.LINE)).containsExactlyInAnyOrder("6", "9");
        assertThat(deadLetters).allSatisfy(r -> {
            assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("ingest");
            assertThat(header(r, DeadLetterHeaders.SOURCE)).isEqualTo("mixed-test");
            assertThat(header(r, DeadLetterHeaders.REASON)).contains("line " + header(r, DeadLetterHeaders.LINE));
        });
        ConsumerRecord<String, byte[]> badCount = deadLetters.stream()
                .filter(r -> "6".equals(header(r, DeadLetterHeaders.LINE))).findFirst().orElseThrow();
        assertThat(new String(badCount.value(), StandardCharsets.UTF_8))
                .isEqualTo("Mixed digest: a bad count\nIts summary.\nRelated events (lots)");
    }

    // ---- 422 -----------------------------------------------------------------------------------

    @Test
    void digestWithoutAnyValidRecordIs422AndListsEveryBadLine() {
        String digest = "Related guides (1)\nOnly a title\n\nAnother title\nRelated events (-1)\n";
        String digestId = post(digest.getBytes(StandardCharsets.UTF_8), null)
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("status", equalTo(422))
                .body("type", equalTo("urn:paperstream:problem:no-valid-record"))
                .body("title", equalTo("No valid record in the digest"))
                .body("instance", equalTo("/digests"))
                .body("rejected.line", contains(1, 2, 4))
                .body("rejected.code", contains("related-without-record", "missing-summary", "missing-summary"))
                .body("deadLettered", equalTo(true))
                .extract().path("digestId");

        assertThat(TopicReader.read(DEAD_LETTER, deadLettersOf(digestId))).hasSize(3);
    }

    // ---- 400 -----------------------------------------------------------------------------------

    @Test
    void emptyBodyIs400() {
        assertProblem(post(new byte[0], null), 400, "empty-digest");
        assertProblem(post("\n \r\n\t\n".getBytes(StandardCharsets.UTF_8), null), 400, "empty-digest");
    }

    @Test
    void binaryBodyIs400() {
        byte[] gzipHeader = { 0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 };
        assertProblem(post(gzipHeader, null), 400, "invalid-utf8");
        assertProblem(post("Title\nsum\u0000mary\n".getBytes(StandardCharsets.UTF_8), null), 400, "binary-body")
                .body("detail", containsString("line 2"));
    }

    @Test
    void invalidUtf8Is400() {
        byte[] latin1 = "Caf\u00e9 society\nsummary\n".getBytes(StandardCharsets.ISO_8859_1);
        assertProblem(post(latin1, null), 400, "invalid-utf8")
                .body("detail", containsString("byte offset 3"));
    }

    @Test
    void overlongSourceLabelIs400() {
        assertProblem(post(Digests.seedBytes(), "s".repeat(101)), 400, "invalid-source");
    }

    // ---- 415 -----------------------------------------------------------------------------------

    @Test
    void otherMediaTypesAre415() {
        for (String type : List.of("application/json", "application/octet-stream", "text/html")) {
            assertProblem(given().contentType(type).body(Digests.seedBytes()).when().post("/digests"), 415,
                    "unsupported-media-type");
        }
    }

    @Test
    void missingContentTypeIs415() throws Exception {
        // REST Assured always sends a Content-Type; the JDK client sends none unless told
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(digestsUri).POST(HttpRequest.BodyPublishers.ofByteArray(Digests.seedBytes())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.headers().firstValue("Content-Type")).contains(PROBLEM_JSON);
        assertThat(answer.body()).contains("urn:paperstream:problem:unsupported-media-type", "no Content-Type");
    }

    @Test
    void emptyOrMalformedContentTypeIs415() throws Exception {
        for (String contentType : new String[] { "", "text/plain; charset", "/;=" }) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(digestsUri).header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Digests.seedBytes())).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as("Content-Type '%s'", contentType).isEqualTo(415);
            assertThat(answer.headers().firstValue("Content-Type")).contains(PROBLEM_JSON);
        }
    }

    @Test
    void otherCharsetsAre415() {
        assertProblem(given().contentType("text/plain; charset=ISO-8859-1").body(Digests.seedBytes())
                .when().post("/digests"), 415, "unsupported-media-type")
                .body("detail", containsString("ISO-8859-1"));
    }

    // ---- 413 -----------------------------------------------------------------------------------

    @Test
    void bodyOverTheLimitIs413WithADeclaredLength() {
        byte[] oversized = digestOfSize(1024 * 1024 + 1);
        assertProblem(post(oversized, null), 413, "body-too-large").body("maxBodySize", equalTo(1024 * 1024));
    }

    @Test
    void bodyOverQuarkusOwnLimitIsStillOur413() {
        assertProblem(post(digestOfSize(3 * 1024 * 1024), null), 413, "body-too-large");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        assertProblem(given().contentType("text/plain")
                .body(new ByteArrayInputStream(digestOfSize(1024 * 1024 + 4096)))
                .when().post("/digests"), 413, "body-too-large");
    }

    @Test
    void bodyExactlyAtTheLimitIsAccepted() {
        post(digestOfSize(1024 * 1024), null).then().statusCode(202);
    }

    // ---- other HTTP errors are problems too ----------------------------------------------------

    @Test
    void wrongMethodIs405Problem() {
        given().when().get("/digests")
                .then().statusCode(405).contentType(PROBLEM_JSON).body("status", equalTo(405));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Response post(byte[] body, String source) {
        var request = given().contentType("text/plain").body(body);
        if (source != null) {
            request.queryParam("source", source);
        }
        return request.when().post("/digests");
    }

    private static ValidatableResponse assertProblem(Response response, int status, String type) {
        return response.then().statusCode(status).contentType(PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("type", equalTo("urn:paperstream:problem:" + type))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()));
    }

    /** A valid digest of exactly {@code size} bytes (at least 100): records of about 1 KB with unique titles. */
    private static byte[] digestOfSize(int size) {
        String stamp = "Sized digest " + System.nanoTime() + " record ";
        StringBuilder digest = new StringBuilder(size);
        int record = 0;
        while (true) {
            String title = stamp + record++ + "\n";
            int room = size - digest.length() - title.length() - 1;
            if (room < 1) {
                // too little room for one more record: grow the last summary instead
                digest.insert(digest.length() - 1, "a".repeat(size - digest.length()));
                break;
            }
            int summary = room < 2000 ? room : 1000;
            digest.append(title).append("a".repeat(summary)).append('\n');
            if (digest.length() == size) {
                break;
            }
        }
        byte[] bytes = digest.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private static Predicate<ConsumerRecord<String, byte[]>> ofDigest(String digestId) {
        return record -> digestId.equals(EventJson.fromBytes(record.value(), PaperParsed.class).digestId());
    }

    private static Predicate<ConsumerRecord<String, byte[]>> deadLettersOf(String digestId) {
        return record -> digestId.equals(header(record, DeadLetterHeaders.DIGEST_ID));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return DeadLetterHeaders.get(record.headers(), name);
    }
}
