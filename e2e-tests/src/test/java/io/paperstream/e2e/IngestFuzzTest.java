package io.paperstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.Http;
import io.paperstream.client.IngestClient;
import io.paperstream.e2e.client.RawHttpPost;
import io.paperstream.e2e.corpus.MalformedDigests;
import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.Progress;

/**
 * Throws ~10,000 malformed digests at the packaged ingest service (with its default limits) and checks that
 * every answer is the one its case calls for: each case states the statuses it expects ({@link
 * MalformedDigests.Case#expected()}, from what the case is; never a 5xx, so a service answering 503 to everything
 * fails), every error is an {@code application/problem+json} body whose status matches, every 202 a receipt; and
 * that the service is still healthy and accepting afterwards.
 */
@Order(2)
class IngestFuzzTest {

    static final int CASES = 10_000;
    static final int CONCURRENT_REQUESTS = 4;
    private static final Set<Integer> METHOD_NOT_ALLOWED = Set.of(405);
    private static final Set<Integer> NOT_FOUND = Set.of(404);
    private static final Pattern MEMORY_SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)", Pattern.CASE_INSENSITIVE);

    private static PipelineHarness harness;
    private static IngestClient ingest;
    private final Map<String, Integer> statusCounts = new TreeMap<>();
    /** Unacceptable answers by kind of request and status: how many, and the first one in full. */
    private final Map<String, Integer> failureCounts = new TreeMap<>();
    private final Map<String, String> failureExamples = new TreeMap<>();

    @BeforeAll
    static void startPipeline() {
        harness = PipelineHarness.shared();
        harness.ensureStarted(PipelineHarness.INGEST);
        ingest = new IngestClient(harness.ingest()::uri, harness.ingestToken());
    }

    @Test
    void malformedDigestsGetDeliberateAnswersAndIngestKeepsWorking() throws Exception {
        long limit = maxBodySize();
        List<MalformedDigests.Case> cases = new ArrayList<>();
        for (int n = 0; n < CASES; n++) {
            cases.add(MalformedDigests.generate(n));
        }
        cases.addAll(MalformedDigests.aroundTheLimit(limit));
        Progress.log("fuzz: %d malformed requests (%d around the %d-byte limit) to %s", cases.size(),
                MalformedDigests.aroundTheLimit(limit).size(), limit, harness.ingest().uri("/digests"));

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_REQUESTS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (MalformedDigests.Case fuzzCase : cases) {
                if (fuzzCase.number() >= 0) {
                    sent.add(pool.submit(() -> send(fuzzCase)));
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                sent.get(i).get();
                if ((i + 1) % 2_000 == 0) {
                    Progress.log("fuzz: %d/%d answered, by status %s", i + 1, sent.size(), counts());
                }
            }
            // one at a time: bodies around the limit side by side could exhaust the budget for bodies in flight,
            // and a 503 for that would be no answer to the case itself
            for (MalformedDigests.Case fuzzCase : cases) {
                if (fuzzCase.number() < 0) {
                    send(fuzzCase);
                }
            }
            otherMethodsAndPaths();
        } finally {
            pool.shutdown();
        }
        Progress.log("fuzz: %d requests in %d s; answers by status %s; unacceptable by kind %s",
                counts().values().stream().mapToInt(Integer::intValue).sum(), Duration.ofNanos(System.nanoTime() - started).toSeconds(), counts(), failureCounts);

        assertThat(failureExamples).as("unacceptable answers, one example per kind of request and status (counts: %s)",
                failureCounts).isEmpty();
        assertThat(harness.ingest().isAlive()).as("ingest still running").isTrue();
        assertThat(Http.get(harness.ingest().uri("/q/health/ready")).statusCode()).as("readiness after fuzzing")
                .isEqualTo(200);
        IngestClient.Answer valid = ingest.post("Still Standing After the Fuzz\n"
                + "A valid record sent after ten thousand malformed ones.\nRelated guides (1)\n");
        assertThat(valid.status()).as("valid digest after fuzzing: %s", valid.body()).isEqualTo(202);
        assertThat(valid.paperIds()).hasSize(1);
    }

    private void send(MalformedDigests.Case fuzzCase) {
        IngestClient.Answer answer;
        try {
            answer = switch (fuzzCase.transport()) {
                case CLIENT -> ingest.post(fuzzCase.body(), fuzzCase.contentType(),
                        fuzzCase.withToken() ? ingest.token() : null);
                case RAW_DECLARED_LENGTH, RAW_CHUNKED -> raw(fuzzCase);
            };
        } catch (RuntimeException e) {
            record("no answer", fuzzCase.kind(), "case " + fuzzCase.number() + " (" + fuzzCase.body().length
                    + " bytes): " + e.getCause());
            return;
        }
        String problem = judge(fuzzCase.expected(), answer.status(), answer.contentType(), answer.body());
        record(Integer.toString(answer.status()), fuzzCase.kind(), problem == null ? null
                : "case " + fuzzCase.number() + " (" + fuzzCase.body().length + " bytes): " + problem);
    }

    private IngestClient.Answer raw(MalformedDigests.Case fuzzCase) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (fuzzCase.contentType() != null) {
            headers.put("Content-Type", fuzzCase.contentType());
        }
        if (fuzzCase.withToken()) {
            headers.put("Authorization", "Bearer " + ingest.token());
        }
        Instant sentAt = Instant.now();
        RawHttpPost.Answer answer = RawHttpPost.post(ingest.digestsUri(), headers, fuzzCase.body(),
                fuzzCase.transport() == MalformedDigests.Transport.RAW_CHUNKED);
        return new IngestClient.Answer(answer.status(), answer.contentType(), answer.body(), sentAt,
                Instant.now());
    }

    /** Null when the answer is the one the case expects, in a well-formed body; what is wrong otherwise. */
    static String judge(Set<Integer> expected, int status, String contentType, String body) {
        if (!expected.contains(status)) {
            return "status " + status + ", expected " + expected + ": " + abbreviate(body);
        }
        return check(status, contentType, body);
    }

    /** Other methods and unknown paths on the digest API: problems with their own statuses, never 5xx. */
    private void otherMethodsAndPaths() {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            HttpRequest request = HttpRequest.newBuilder(harness.ingest().uri("/digests"))
                    .header("Authorization", "Bearer " + ingest.token())
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).build();
            HttpResponse<String> response = Http.send(request);
            String problem = judge(METHOD_NOT_ALLOWED, response.statusCode(), Http.contentType(response),
                    response.body());
            record(Integer.toString(response.statusCode()), method + " /digests", problem);
        }
        record Path(String path, Set<Integer> expected) {
        }
        Map<String, Path> paths = Map.of(
                "POST /digests/1", new Path("/digests/1", NOT_FOUND),
                "POST /digests?source=<control characters>", new Path("/digests?source=%00%01",
                        MalformedDigests.BAD_REQUEST),
                "POST /digests?source=<500 characters>", new Path("/digests?source=" + "s".repeat(500),
                        MalformedDigests.BAD_REQUEST));
        for (Map.Entry<String, Path> path : paths.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(harness.ingest().uri(path.getValue().path()))
                    .header("Authorization", "Bearer " + ingest.token())
                    .header("Content-Type", IngestClient.TEXT_PLAIN)
                    .POST(HttpRequest.BodyPublishers.ofString("A Title\nA summary.\n")).build();
            HttpResponse<String> response = Http.send(request);
            String problem = judge(path.getValue().expected(), response.statusCode(), Http.contentType(response),
                    response.body());
            record(Integer.toString(response.statusCode()), path.getKey(), problem);
        }
    }

    /** Null when the answer's body is what its status promises; what is wrong with it otherwise. */
    static String check(int status, String contentType, String body) {
        if (status == 202) {
            JsonNode receipt = parse(body);
            if (receipt == null || !receipt.path("papers").isArray()
                    || receipt.path("accepted").asInt(-1) != receipt.path("papers").size()) {
                return "202 without a consistent receipt: " + abbreviate(body);
            }
            return null;
        }
        if (status < 400) {
            return "unexpected status " + status;
        }
        if (!contentType.startsWith("application/problem+json")) {
            return "status " + status + " with Content-Type '" + contentType + "': " + abbreviate(body);
        }
        JsonNode problem = parse(body);
        if (problem == null || problem.path("status").asInt() != status || problem.path("title").asText().isBlank()
                || !problem.hasNonNull("type")) {
            return "status " + status + " with a body that is not a complete problem: " + abbreviate(body);
        }
        return null;
    }

    private synchronized void record(String status, String kind, String problem) {
        statusCounts.merge(status, 1, Integer::sum);
        if (problem != null) {
            String key = kind + " -> " + status;
            failureCounts.merge(key, 1, Integer::sum);
            failureExamples.putIfAbsent(key, problem);
        }
    }

    private synchronized Map<String, Integer> counts() {
        return new TreeMap<>(statusCounts);
    }

    private static JsonNode parse(String body) {
        try {
            return Http.json(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    /** ingest's own {@code paperstream.ingest.max-body-size} (a Quarkus memory size such as 16M). */
    private static long maxBodySize() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(harness.layout().serviceProperties(PipelineHarness.INGEST))) {
            properties.load(reader);
        }
        String value = properties.getProperty("paperstream.ingest.max-body-size");
        assertThat(value).as("paperstream.ingest.max-body-size in ingest's application.properties").isNotNull();
        Matcher size = MEMORY_SIZE.matcher(value.trim());
        assertThat(size.matches()).as("memory size " + value).isTrue();
        long number = Long.parseLong(size.group(1));
        return switch (size.group(2).toUpperCase()) {
            case "K" -> number << 10;
            case "M" -> number << 20;
            case "G" -> number << 30;
            case "T" -> number << 40;
            default -> number;
        };
    }
}
