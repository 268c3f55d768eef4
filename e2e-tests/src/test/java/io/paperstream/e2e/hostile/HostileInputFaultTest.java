package io.paperstream.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.Digests;
import io.paperstream.client.Http;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;
import io.paperstream.client.SseSubscriber;
import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.Progress;
import io.paperstream.local.process.QuarkusService;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;

/**
 * Issue 15's table of hostile inputs, each row sent to one running pipeline (started once: a fresh pipeline per row
 * is too slow on two cores), in the order of the table. After every row, whatever it did:
 * <ul>
 * <li>a <em>canary</em>, a normal paper under a new title, is posted; it must be answered 202, be served by
 * {@code GET /papers/<id>} and reach a subscriber of its theme's SSE stream, each within {@link #WITHIN};</li>
 * <li>each service's heap (used and max, from {@code /q/metrics}) and {@code /q/health} are recorded:
 * {@code HOSTILE row=<row> service=<service> heap_used_mb=… heap_max_mb=… live_mb=… health=… status_of_probe=…},
 * printed and written to {@code target/hostile-report.txt}, with one {@code HOSTILE row=<row> result=…} line.</li>
 * </ul>
 * A row whose canary fails, or after which a service is not UP, leaves the pipeline broken for the rows after it: the
 * pipeline is then started fresh (reported as {@code recovery=fresh-pipeline}), so that every row is judged on its
 * own. Not here: the token on {@code bin/paperstream ingest}'s command line and the local PostgreSQL (the launcher's
 * tests), and the page at {@code #/papers/%E0%A4%A} (CatalogPageBrowserTest).
 * <p>
 * Runs under {@code -Pfaults}: {@code ./mvnw -B -ntp -pl e2e-tests -am -Pfaults verify -Dtest=HostileInputFaultTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class HostileInputFaultTest {

    static final String SCENARIO = "hostile";
    static final String REPORT_FILE = "hostile-report.txt";
    /** The bound of every "still works" check after a row (issue 15: within 30 s). */
    static final Duration WITHIN = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(500);
    /** One request of a check; a service that takes longer is as good as not answering. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A hostile request may make the service work for a while before it answers; bounded all the same. */
    static final Duration HOSTILE_REQUEST_TIMEOUT = Duration.ofSeconds(90);
    /** The first paper of a fresh pipeline waits for enrich's and query's first assignments. */
    static final Duration FIRST_PAPER_MAX = Duration.ofSeconds(90);

    // row 1: one record with 82,860 Related lines
    static final int RELATED_LINES = 82_860;
    // row 2: a digest of 1,000,000 tiny records (14 MB, under the 16 MiB body limit)
    static final int TINY_RECORDS = 1_000_000;
    // row 3: 24 papers with 62,000 related kinds each, straight on papers.enriched, then 12 anonymous GET /papers
    static final int WIDE_PAPERS = 24;
    static final int WIDE_KINDS = 62_000;
    static final int ANONYMOUS_READS = 12;
    // row 4: 20 POSTs declaring 16,000,000 bytes and sending 30
    static final int DECLARED_POSTS = 20;
    static final long DECLARED_LENGTH = 16_000_000;
    static final int SENT_BYTES = 30;
    static final Duration DECLARED_READ_TIMEOUT = Duration.ofSeconds(15);
    // row 5: 100 fake theme slugs on papers.enriched, 10 per paper
    static final int FAKE_SLUGS = 100;
    static final int FAKE_SLUGS_PER_PAPER = 10;
    // row 6: a title of 992 CJK characters (within the 1,000-character limit)
    static final int CJK_TITLE_CHARACTERS = 992;
    // row 7: records straight on papers.parsed
    static final int POISON_TITLE_CHARACTERS = 500_000;
    static final int POISON_SUMMARY_CHARACTERS = 920_000;
    static final long NEGATIVE_COUNT = -5;
    // row 8: a record over 1 MB among good ones
    static final int OVERSIZED_SUMMARY_BYTES = 1_100_000;
    // row 9: event streams that are never read, from many loopback addresses
    static final int SLOW_READER_RECEIVE_BUFFER = 1024;
    /** Papers beyond what a subscriber's buffer holds (buffer-size + max-replay), so every slow reader overflows. */
    static final int FLOOD_MARGIN = 300;
    static final int FLOOD_DIGEST_RECORDS = 200;
    static final Duration FLOOD_MAX = Duration.ofSeconds(90);
    static final String SUBSCRIBERS_GAUGE = "paperstream_query_stream_subscribers";
    // row 10: a taxonomy of 100 themes
    static final int TAXONOMY_THEMES = 100;
    static final String TAXONOMY_PATH_ENV = "PAPERSTREAM_TAXONOMY_PATH";

    /** A line the services log at ERROR (Quarkus' default format: date, time, level). */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+ \\S+ ERROR ");
    private static final Pattern OUT_OF_MEMORY = Pattern.compile("OutOfMemoryError");
    private static final Pattern LIMIT_WORDING = Pattern.compile("(?i)limit|at most|more than|too many");

    /**
     * Opens subscriptions: a stream that never answers blocks its thread (the stream has no request timeout), so each
     * attempt gets its own, never the common pool's (one thread on two cores).
     */
    private static final ExecutorService SUBSCRIBING = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "e2e-hostile-subscribe");
        thread.setDaemon(true);
        return thread;
    });

    private final String nonce = UUID.randomUUID().toString().substring(0, 8);
    private final Random random = new Random(nonce.hashCode());
    private PipelineHarness harness;
    private ServiceSettings settings;
    private HostileReport report;
    /** A real paper of the seed: the canary is it under a new title, so the tagger gives it the same themes. */
    private PaperRecord canaryModel;
    /** The canary's theme, read from the catalog after a first canary (the tagger decides, not the test). */
    private String theme;
    private String parsedTopic;
    private String enrichedTopic;
    private String deadLetterTopic;
    private DeadLetterWatch deadLetters;
    private final List<String> notes = new ArrayList<>();
    /** Hostile connections a row leaves open until its canary has run (closing them earlier would help the canary). */
    private final List<RawSockets.SlowReader> lingering = new ArrayList<>();

    @BeforeAll
    void startPipeline() {
        harness = PipelineHarness.shared();
        settings = new ServiceSettings(harness.layout());
        report = new HostileReport(harness.layout().workDir().resolve(REPORT_FILE));
        canaryModel = Digests.read(harness.layout().seedDigest()).get(0);
        // the services' topic names are the shared defaults (no service overrides them)
        parsedTopic = TopicNames.PARSED;
        enrichedTopic = TopicNames.ENRICHED;
        deadLetterTopic = TopicNames.DEAD_LETTER;
        startFresh(SCENARIO);
        vitals().forEach(v -> report.line(v.line("baseline")));
    }

    @AfterAll
    void summary() {
        closeLingering();
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (report != null) {
            Progress.log("hostile report (%s):%n%s", report.file(), String.join("\n", report.lines()));
        }
    }

    // ----- the rows of the table, in its order

    @Test
    @Order(1)
    void row01OneRecordWith82860RelatedLines() throws Throwable {
        row("related-lines", () -> {
            String title = "Hostile related lines " + nonce;
            byte[] body = HostilePapers.relatedLinesDigest(title, canaryModel.summary(), RELATED_LINES)
                    .getBytes(StandardCharsets.UTF_8);
            note("body_bytes=%d", body.length);
            IngestClient.Answer answer = post(body, "");
            note("post=%d", answer.status());
            assertNoServerError("POST of one record with " + RELATED_LINES + " Related lines", answer);
            if (answer.accepted()) {
                assertThat(answer.paperIds()).as("a record of %d Related lines is rejected, not accepted: %s",
                        RELATED_LINES, abbreviate(answer.body())).doesNotContain(PaperId.fromTitle(title));
            } else {
                assertThat(answer.status()).as("POST answered %s", abbreviate(answer.body())).isBetween(400, 499);
            }
        });
    }

    @Test
    @Order(2)
    void row02DigestOfAMillionTinyRecords() throws Throwable {
        row("million-tiny-records", () -> {
            byte[] body = HostilePapers.tinyRecordsDigest(TINY_RECORDS);
            note("body_bytes=%d", body.length);
            IngestClient.Answer answer = post(body, "");
            note("post=%d", answer.status());
            assertNoServerError("POST of " + TINY_RECORDS + " tiny records", answer);
            assertThat(answer.status()).as("a digest of %d records is refused with a problem naming the limit: %s",
                    TINY_RECORDS, abbreviate(answer.body())).isBetween(400, 499);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            String detail = answer.json().path("detail").asText();
            assertThat(detail).as("the problem's detail names the limit").containsPattern(LIMIT_WORDING);
        });
    }

    @Test
    @Order(3)
    void row03WidePapersOnPapersEnrichedThenAnonymousReads() throws Throwable {
        row("enriched-62000-kinds", () -> {
            Map<String, Long> related = HostilePapers.manyRelatedKinds(WIDE_KINDS);
            Map<String, byte[]> values = new LinkedHashMap<>();
            for (int i = 0; i < WIDE_PAPERS; i++) {
                String title = "Hostile wide paper " + i + " " + nonce;
                values.put(PaperId.fromTitle(title), HostilePapers.enriched(title, canaryModel.summary(), related,
                        List.of(new ThemeTag(theme, theme, 0.9, List.of("hostile"))), "hostile-" + nonce));
            }
            note("record_bytes=%d", values.values().iterator().next().length);
            TopicWriter.write(harness.broker().bootstrapServers(), enrichedTopic, values);
            awaitSettled(values.keySet(), "the papers with " + WIDE_KINDS + " related kinds");

            List<HttpResponse<String>> reads = anonymousReads("/papers", ANONYMOUS_READS);
            Map<Integer, Long> statuses = new TreeMap<>();
            int largest = 0;
            for (HttpResponse<String> read : reads) {
                statuses.merge(read == null ? -1 : read.statusCode(), 1L, Long::sum);
                largest = Math.max(largest, read == null ? 0 : read.body().length());
            }
            note("get_papers=%s largest_page_chars=%d", statuses, largest);
            assertThat(statuses).as("statuses of %d anonymous GET /papers (-1: no answer within %s)",
                    ANONYMOUS_READS, REQUEST_TIMEOUT).containsOnlyKeys(200);

            assertDeadLetteredNotCatalogued(values.keySet(), "a paper with " + WIDE_KINDS + " related kinds");
        });
    }

    @Test
    @Order(4)
    void row04PostsDeclaring16MBAndSending30Bytes() throws Throwable {
        row("declared-16mb-sent-30b", () -> {
            byte[] sent = "Hostile\nDeclared but never sent.\n".substring(0, SENT_BYTES)
                    .getBytes(StandardCharsets.US_ASCII);
            URI digests = harness.ingest().uri(IngestClient.DIGESTS_PATH);
            // all open at once, the bodies never completed; each is closed when its read times out, all at about the
            // same moment, so whatever the server set aside per request is held at the same time
            List<Socket> sockets = new ArrayList<>();
            List<String> unsent = new ArrayList<>();
            for (int i = 0; i < DECLARED_POSTS; i++) {
                try {
                    sockets.add(RawSockets.sendDeclaredLength(digests, harness.ingestToken(), DECLARED_LENGTH, sent,
                            DECLARED_READ_TIMEOUT));
                } catch (IOException e) {
                    unsent.add(e.toString());
                }
            }
            ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, sockets.size()));
            Map<String, Long> outcomes = new TreeMap<>();
            List<RawSockets.Outcome> serverErrors = new ArrayList<>();
            try {
                List<Future<RawSockets.Outcome>> answers = new ArrayList<>();
                sockets.forEach(socket -> answers.add(readers.submit(() -> RawSockets.awaitAnswer(socket))));
                for (Future<RawSockets.Outcome> answer : answers) {
                    RawSockets.Outcome outcome = answer.get();
                    outcomes.merge(outcome.toString(), 1L, Long::sum);
                    if (outcome.serverError()) {
                        serverErrors.add(outcome);
                    }
                }
            } finally {
                readers.shutdownNow();
            }
            note("outcomes=%s unsent=%d", outcomes, unsent.size());
            assertThat(serverErrors).as("5xx answers to %d POSTs declaring %d bytes and sending %d (all outcomes:"
                    + " %s)", DECLARED_POSTS, DECLARED_LENGTH, SENT_BYTES, outcomes).isEmpty();
        });
    }

    @Test
    @Order(5)
    void row05FakeThemeSlugsOnPapersEnriched() throws Throwable {
        row("fake-theme-slugs", () -> {
            Map<String, byte[]> values = new LinkedHashMap<>();
            List<String> slugs = new ArrayList<>();
            for (int paper = 0; paper < FAKE_SLUGS / FAKE_SLUGS_PER_PAPER; paper++) {
                List<ThemeTag> tags = new ArrayList<>();
                for (int i = 0; i < FAKE_SLUGS_PER_PAPER; i++) {
                    String slug = "fake-" + nonce + "-" + (paper * FAKE_SLUGS_PER_PAPER + i);
                    slugs.add(slug);
                    tags.add(new ThemeTag(slug, "Fake " + slug, 0.9, List.of("fake")));
                }
                String title = "Hostile fake themes " + paper + " " + nonce;
                values.put(PaperId.fromTitle(title), HostilePapers.enriched(title, canaryModel.summary(), Map.of(),
                        tags, "hostile-" + nonce));
            }
            TopicWriter.write(harness.broker().bootstrapServers(), enrichedTopic, values);
            Map<String, String> settled = awaitSettled(values.keySet(), "the papers with fake themes");
            note("papers=%s", count(settled.values()));

            HttpResponse<String> themes = get(harness.query(), "/themes");
            note("get_themes=%d", themes.statusCode());
            assertThat(themes.statusCode()).as("GET /themes with %d fake slugs on papers: %s", FAKE_SLUGS,
                    abbreviate(themes.body())).isEqualTo(200);
            long listed = StreamSupport.stream(Http.json(themes.body()).spliterator(), false)
                    .filter(t -> slugs.contains(t.path("slug").asText())).count();
            note("fake_slugs_listed=%d", listed);
        });
    }

    @Test
    @Order(6)
    void row06TitleOf992CjkCharacters() throws Throwable {
        row("cjk-title-992", () -> {
            PaperRecord paper = new PaperRecord(HostilePapers.cjk(CJK_TITLE_CHARACTERS, random),
                    canaryModel.summary(), List.of("Related guides (2)"));
            String id = paper.expectedId();
            IngestClient.Answer answer = post(Digests.render(List.of(paper)).getBytes(StandardCharsets.UTF_8), "");
            note("post=%d", answer.status());
            assertThat(answer.status()).as("a title of %d CJK characters is within the limits: %s",
                    CJK_TITLE_CHARACTERS, abbreviate(answer.body())).isEqualTo(202);
            assertThat(answer.paperIds()).contains(id);
            awaitInCatalog(List.of(id), "the paper titled with " + CJK_TITLE_CHARACTERS + " CJK characters");
            deadLetters().refresh();
            assertThat(deadLetters().of(id)).as("dead letters of the accepted CJK paper").isEmpty();
        });
    }

    @Test
    @Order(7)
    void row07PoisonStraightOnPapersParsed() throws Throwable {
        row("parsed-poison", () -> {
            String digestId = "hostile-" + nonce;
            Map<String, String> kinds = new LinkedHashMap<>();
            Map<String, byte[]> values = new LinkedHashMap<>();
            String hugeTitle = "Hostile huge title " + nonce + " " + "a".repeat(POISON_TITLE_CHARACTERS);
            String controlTitle = "Hostile control \u0007 characters \u001B[2J " + nonce;
            String hugeSummaryTitle = "Hostile huge summary " + nonce;
            String negativeTitle = "Hostile negative related count " + nonce;
            add(values, kinds, "title-500k", hugeTitle,
                    HostilePapers.parsed(hugeTitle, canaryModel.summary(), Map.of(), digestId));
            add(values, kinds, "control-characters", controlTitle,
                    HostilePapers.parsed(controlTitle, canaryModel.summary(), Map.of(), digestId));
            add(values, kinds, "summary-920k", hugeSummaryTitle, HostilePapers.parsed(hugeSummaryTitle,
                    "x ".repeat(POISON_SUMMARY_CHARACTERS / 2), Map.of(), digestId));
            add(values, kinds, "negative-count", negativeTitle, HostilePapers.parsed(negativeTitle,
                    canaryModel.summary(), Map.of("guides", NEGATIVE_COUNT), digestId));
            TopicWriter.write(harness.broker().bootstrapServers(), parsedTopic, values);
            try {
                await("a dead letter with a reason for each poison record").atMost(WITHIN).pollInterval(POLL)
                        .until(() -> {
                            deadLetters().refresh();
                            return values.keySet().stream().allMatch(id -> deadLetters().withReason(id) != null);
                        });
            } finally {
                Map<String, String> outcome = new LinkedHashMap<>();
                kinds.forEach((id, kind) -> {
                    DeadLetterWatch.DeadLetter letter = deadLetters().withReason(id);
                    outcome.put(kind, letter == null ? "not-dead-lettered" : letter.stage() + ":" + shortReason(
                            letter.reason()));
                });
                note("dead_letters=%s", outcome);
            }
            for (Map.Entry<String, String> poison : kinds.entrySet()) {
                assertThat(get(harness.query(), "/papers/" + poison.getKey()).statusCode())
                        .as("GET /papers/<%s poison>", poison.getValue()).isEqualTo(404);
            }
        });
    }

    @Test
    @Order(8)
    void row08RecordOver1MBAmongGoodOnes() throws Throwable {
        row("record-over-1mb", () -> {
            // the largest record whose every line is within the limits: whether it fits the record limit once
            // encoded is computed here, with the events' own JSON, and decides what ingest must do with it
            PaperLimits limits = settings.ingestLimits();
            String source = HostilePapers.wideLetters(limits.maxSourceLength(), 2);
            List<String> largest = HostilePapers.largestAllowedRecord(limits, "Largest allowed record " + nonce + " ");
            int largestBytes = HostilePapers.encodedBytes(largest, source);
            boolean largestFits = limits.recordSizeProblem(largestBytes) == null;
            note("largest_line_limited_record_bytes=%d max_record_bytes=%d fits=%s", largestBytes,
                    limits.maxRecordBytes(), largestFits);

            PaperRecord first = goodPaper("first");
            PaperRecord second = goodPaper("second");
            PaperRecord last = goodPaper("last");
            StringBuilder digest = new StringBuilder(Digests.render(List.of(first)));
            int largestLine = nextLine(digest);
            largest.forEach(line -> digest.append(line).append('\n'));
            digest.append(Digests.render(List.of(second)));
            int oversizedLine = nextLine(digest);
            String oversizedTitle = "Hostile oversized record " + nonce;
            digest.append(oversizedTitle).append('\n').append("y".repeat(OVERSIZED_SUMMARY_BYTES)).append('\n');
            digest.append(Digests.render(List.of(last)));
            IngestClient.Answer answer = post(digest.toString().getBytes(StandardCharsets.UTF_8),
                    "?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8));
            note("post=%d", answer.status());
            assertNoServerError("POST with a " + OVERSIZED_SUMMARY_BYTES + "-byte record among good ones", answer);

            String largestId = PaperId.fromTitle(largest.get(0));
            List<String> good = new ArrayList<>(List.of(first.expectedId(), second.expectedId(), last.expectedId()));
            List<String> refused = new ArrayList<>(List.of(PaperId.fromTitle(oversizedTitle)));
            // a refused record is named by any line of it (its title, or the line that broke a limit)
            Map<String, int[]> refusedSpans = new LinkedHashMap<>();
            refusedSpans.put("oversized", new int[] { oversizedLine, oversizedLine + 1 });
            (largestFits ? good : refused).add(largestId);
            if (!largestFits) {
                refusedSpans.put("largest", new int[] { largestLine, largestLine + largest.size() - 1 });
            }
            Set<Integer> namedLines = namedLines(answer.json());
            note("lines_named=%s accepted=%d", namedLines, answer.paperIds().size());
            List<String> unnamed = refusedSpans.entrySet().stream()
                    .filter(span -> namedLines.stream().noneMatch(line -> line >= span.getValue()[0]
                            && line <= span.getValue()[1]))
                    .map(span -> span.getKey() + " (lines " + span.getValue()[0] + "-" + span.getValue()[1] + ")")
                    .toList();
            if (answer.accepted()) {
                assertThat(answer.paperIds()).as("accepted papers").containsAll(good).doesNotContainAnyElementsOf(
                        refused).hasSameSizeAs(good);
                assertThat(unnamed).as("refused records the receipt does not name: %s", abbreviate(answer.body()))
                        .isEmpty();
                awaitInCatalog(good, "the good papers around the oversized ones");
            } else {
                assertThat(answer.status()).isBetween(400, 499);
                assertThat(unnamed).as("refused records the problem does not name: %s", abbreviate(answer.body()))
                        .isEmpty();
            }
        });
    }

    @Test
    @Order(9)
    void row09EventStreamsThatAreNeverRead() throws Throwable {
        row("sse-slow-readers", () -> {
            QuarkusService query = harness.query();
            int maxSubscribers = settings.intProperty(PipelineHarness.QUERY, "paperstream.query.stream.max-subscribers");
            int perClient = settings.intProperty(PipelineHarness.QUERY,
                    "paperstream.query.stream.max-subscribers-per-client");
            int buffered = settings.intProperty(PipelineHarness.QUERY, "paperstream.query.stream.buffer-size")
                    + settings.intProperty(PipelineHarness.QUERY, "paperstream.query.stream.max-replay");
            long logFrom = logLength(query);
            URI stream = query.uri("/themes/" + theme + "/stream");

            // every slot, taken from 127.0.0.2 on (the well-behaved subscriber stays on 127.0.0.1)
            Map<String, Long> refusals = new TreeMap<>();
            int address = 2;
            fill:
            while (lingering.size() < maxSubscribers) {
                for (int i = 0; i < perClient && lingering.size() < maxSubscribers; i++) {
                    RawSockets.SlowReader reader = RawSockets.openSlowReader(stream, loopback(address),
                            SLOW_READER_RECEIVE_BUFFER, REQUEST_TIMEOUT);
                    if (!reader.open()) {
                        refusals.merge(reader.answer(), 1L, Long::sum);
                        if (reader.status() != 429 || refusals.values().stream().mapToLong(Long::longValue).sum()
                                > perClient) {
                            break fill; // the service is full, or refuses for another reason
                        }
                        break; // this address has its share: the next one
                    }
                    lingering.add(reader);
                }
                address++;
            }
            note("slow_readers=%d of max_subscribers=%d addresses=%d refusals=%s", lingering.size(), maxSubscribers,
                    address - 2, refusals);

            // enough papers of the theme that every slow reader's buffer overflows
            int flood = buffered + FLOOD_MARGIN;
            long before = catalog().statsPaperCount();
            List<PaperRecord> papers = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                papers.add(canaryModel.withTitle(canaryModel.title() + " (hostile flood " + i + " " + nonce + ")"));
            }
            for (List<PaperRecord> chunk : Digests.chunks(papers, FLOOD_DIGEST_RECORDS)) {
                IngestClient.Answer answer = post(Digests.render(chunk).getBytes(StandardCharsets.UTF_8), "");
                assertThat(answer.status()).as("a flood digest: %s", abbreviate(answer.body())).isEqualTo(202);
            }
            await("the " + flood + " flood papers in the catalog").atMost(FLOOD_MAX).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> catalog().statsPaperCount() >= before + flood);

            // the slow readers' slots are given back
            AtomicReference<Double> open = new AtomicReference<>();
            try {
                await("the slots of the slow readers freed").atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> {
                            open.set(gauge(query, SUBSCRIBERS_GAUGE));
                            return open.get() != null && open.get() < lingering.size();
                        });
            } finally {
                note("flood=%d open_streams_after=%s", flood, open.get());
            }
            List<String> errors = logLines(query, logFrom, ERROR_LINE);
            note("query_error_lines=%d", errors.size());
            assertThat(errors).as("ERROR lines in %s while slow readers were dropped",
                    query.process().logFile()).isEmpty();
        });
    }

    @Test
    @Order(10)
    void row10TaxonomyOf100Themes() throws Throwable {
        row("taxonomy-100-themes", () -> {
            Path file = harness.layout().workDir().resolve(SCENARIO).resolve("taxonomy-" + TAXONOMY_THEMES + ".yaml");
            String defaultTaxonomy = Files.readString(harness.layout().serviceResource(PipelineHarness.ENRICH,
                    "taxonomy/default.yaml"));
            Files.createDirectories(file.getParent());
            Files.writeString(file, HostilePapers.taxonomy(defaultTaxonomy, TAXONOMY_THEMES, "hostile-" + nonce));
            harness.restartWith(PipelineHarness.ENRICH, Map.of(TAXONOMY_PATH_ENV, file.toString()));

            String lastSlug = HostilePapers.generatedSlug(TAXONOMY_THEMES);
            AtomicReference<String> lastAnswer = new AtomicReference<>("none");
            try {
                await("GET /themes lists the " + TAXONOMY_THEMES + " themes").atMost(WITHIN).pollInterval(POLL)
                        .ignoreExceptions().until(() -> {
                            HttpResponse<String> themes = get(harness.query(), "/themes");
                            lastAnswer.set(themes.statusCode() + " " + abbreviate(themes.body()));
                            return themes.statusCode() == 200 && themes.body().contains("\"" + lastSlug + "\"");
                        });
            } finally {
                note("get_themes=%s", lastAnswer.get().substring(0, 3));
            }

            // a paper of the 100th theme, through the whole pipeline, listed under that theme
            PaperRecord paper = new PaperRecord("Hostile " + HostilePapers.generatedTerm(TAXONOMY_THEMES) + " paper "
                    + nonce, canaryModel.summary(), List.of("Related guides (1)"));
            IngestClient.Answer answer = post(Digests.render(List.of(paper)).getBytes(StandardCharsets.UTF_8), "");
            assertThat(answer.status()).as("POST of a paper of %s: %s", lastSlug, abbreviate(answer.body()))
                    .isEqualTo(202);
            awaitInCatalog(List.of(paper.expectedId()), "the paper of " + lastSlug);
            assertThat(CatalogClient.slugs(catalog().paper(paper.expectedId()))).as("its themes").contains(lastSlug);
            HttpResponse<String> listing = get(harness.query(), "/papers?theme=" + lastSlug);
            note("get_papers_of_theme_100=%d", listing.statusCode());
            assertThat(listing.statusCode()).as("GET /papers?theme=%s: %s", lastSlug, abbreviate(listing.body()))
                    .isEqualTo(200);
            assertThat(listing.body()).contains(paper.expectedId());
        });
    }

    // ----- one row: the hostile input, the canary, the vitals

    @FunctionalInterface
    interface HostileStep {
        void run() throws Exception;
    }

    private void row(String name, HostileStep step) throws Throwable {
        notes.clear();
        Progress.log("hostile row %s", name);
        long started = System.nanoTime();
        Map<Path, Long> logMarks = logMarks();
        Throwable rowFailure = capture(step);
        Throwable canaryFailure = capture(() -> canary(name));
        closeLingering();
        List<String> down = new ArrayList<>();
        for (QuarkusService service : services()) {
            ServiceVitals vitals = ServiceVitals.of(service);
            List<String> errors = logLinesSince(service, logMarks, ERROR_LINE);
            List<String> outOfMemory = logLinesSince(service, logMarks, OUT_OF_MEMORY);
            report.line(vitals.line(name) + String.format(Locale.ROOT, " error_lines=%d oom_lines=%d", errors.size(),
                    outOfMemory.size()));
            if (!vitals.up()) {
                down.add(vitals.service() + ":" + vitals.health());
            } else if (!outOfMemory.isEmpty()) {
                down.add(vitals.service() + ":OutOfMemoryError");
            }
        }
        boolean passed = rowFailure == null && canaryFailure == null && down.isEmpty();
        report.line(String.format(Locale.ROOT, "HOSTILE row=%s result=%s input=%s canary=%s down=%s seconds=%d"
                + " notes=[%s]%s", name, passed ? "PASS" : "FAIL", rowFailure == null ? "ok" : "FAIL",
                canaryFailure == null ? "ok" : "FAIL", down, Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                String.join(" ", notes), failureSummary(rowFailure, canaryFailure)));
        String tails = passed ? "" : harness.logTails(25);
        if (canaryFailure != null || !down.isEmpty()) {
            report.line("HOSTILE row=" + name + " recovery=fresh-pipeline");
            startFresh(SCENARIO + "-after-" + name);
        }
        if (!passed) {
            AssertionError failure = new AssertionError("row " + name + ": " + (rowFailure != null
                    ? "the hostile input was not handled as issue 15 asks" : "the hostile input was handled")
                    + (canaryFailure != null ? "; the pipeline did not carry a normal paper afterwards" : "")
                    + (down.isEmpty() ? "" : "; services not UP afterwards: " + down) + tails);
            if (rowFailure != null) {
                failure.addSuppressed(rowFailure);
            }
            if (canaryFailure != null) {
                failure.addSuppressed(canaryFailure);
            }
            throw failure;
        }
    }

    /** A normal paper: 202, then in the catalog and on its theme's stream, each within {@link #WITHIN}. */
    private void canary(String row) {
        PaperRecord paper = canaryModel.withTitle(canaryModel.title() + " (hostile canary after " + row + " "
                + nonce + ")");
        String id = paper.expectedId();
        try (SseSubscriber subscriber = subscribe(theme)) {
            IngestClient.Answer answer = post(Digests.render(List.of(paper)).getBytes(StandardCharsets.UTF_8), "");
            assertThat(answer.status()).as("the canary's POST: %s", abbreviate(answer.body())).isEqualTo(202);
            assertThat(answer.paperIds()).as("the canary accepted").contains(id);
            awaitInCatalog(List.of(id), "the canary");
            await("the canary on the stream of " + theme).atMost(WITHIN).pollInterval(POLL)
                    .until(() -> subscriber.paperIds().contains(id));
        }
    }

    private void startFresh(String label) {
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
        harness.startFresh(label);
        // the first canary tells which theme the tagger gives the canaries (its strongest)
        PaperRecord first = canaryModel.withTitle(canaryModel.title() + " (hostile first canary " + label + " "
                + nonce + ")");
        IngestClient.Answer answer = post(Digests.render(List.of(first)).getBytes(StandardCharsets.UTF_8), "");
        assertThat(answer.status()).as("the first canary's POST: %s", abbreviate(answer.body())).isEqualTo(202);
        await("the first canary in the catalog").atMost(FIRST_PAPER_MAX).pollInterval(POLL).ignoreExceptions()
                .until(() -> get(harness.query(), "/papers/" + first.expectedId()).statusCode() == 200);
        JsonNode paper = catalog().paper(first.expectedId());
        theme = StreamSupport.stream(paper.path("themes").spliterator(), false)
                .max(Comparator.<JsonNode>comparingDouble(t -> t.path("score").asDouble())
                        .thenComparing(t -> t.path("slug").asText(), Comparator.reverseOrder()))
                .map(t -> t.path("slug").asText())
                .orElseThrow(() -> new AssertionError("the canary has no theme: " + paper));
        Progress.log("hostile: pipeline '%s' ready, canaries carry '%s'", label, theme);
    }

    // ----- checks

    /** Waits until each paper is in the catalog or dead-lettered; returns id to "catalog" or the dead letter's stage. */
    private Map<String, String> awaitSettled(Set<String> ids, String what) {
        Map<String, String> settled = new TreeMap<>();
        try {
            await(what + " in the catalog or dead-lettered").atMost(WITHIN).pollInterval(POLL).ignoreExceptions()
                    .until(() -> {
                        deadLetters().refresh();
                        for (String id : ids) {
                            if (!settled.containsKey(id)) {
                                DeadLetterWatch.DeadLetter letter = deadLetters().withReason(id);
                                if (letter != null) {
                                    settled.put(id, "dead-letter:" + letter.stage());
                                } else if (get(harness.query(), "/papers/" + id).statusCode() == 200) {
                                    settled.put(id, "catalog");
                                }
                            }
                        }
                        return settled.size() == ids.size();
                    });
        } catch (ConditionTimeoutException e) {
            note("unsettled=%d", ids.size() - settled.size());
            throw e;
        }
        return settled;
    }

    private void assertDeadLetteredNotCatalogued(Set<String> ids, String what) {
        deadLetters().refresh();
        Set<String> reasons = new java.util.TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            DeadLetterWatch.DeadLetter letter = deadLetters().withReason(id);
            if (letter == null) {
                missing.add(id);
            } else {
                reasons.add(shortReason(letter.reason()));
            }
        }
        note("dead_lettered=%d/%d reasons=%s", ids.size() - missing.size(), ids.size(), reasons);
        assertThat(missing).as("%s without a dead letter carrying %s", what,
                io.paperstream.events.DeadLetterHeaders.REASON).isEmpty();
        for (String id : ids) {
            assertThat(get(harness.query(), "/papers/" + id).statusCode()).as("GET /papers/<%s>", what)
                    .isEqualTo(404);
        }
    }

    private void awaitInCatalog(List<String> ids, String what) {
        try {
            await(what + " in GET /papers/<id>").atMost(WITHIN).pollInterval(POLL).ignoreExceptions()
                    .until(() -> ids.stream().allMatch(id -> get(harness.query(), "/papers/" + id).statusCode() == 200));
        } catch (ConditionTimeoutException e) {
            deadLetters().refresh();
            List<String> letters = ids.stream().map(deadLetters()::withReason).filter(java.util.Objects::nonNull)
                    .map(d -> d.stage() + ": " + d.reason()).toList();
            throw new AssertionError(what + " not in the catalog within " + WITHIN + "; dead letters: " + letters, e);
        }
    }

    private static void assertNoServerError(String what, IngestClient.Answer answer) {
        assertThat(answer.status()).as("%s answered %s", what, abbreviate(answer.body())).isLessThan(500);
    }

    // ----- clients

    private IngestClient.Answer post(byte[] body, String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(harness.ingest().uri(IngestClient.DIGESTS_PATH)
                        + query))
                .timeout(HOSTILE_REQUEST_TIMEOUT)
                .header("Content-Type", IngestClient.TEXT_PLAIN)
                .header("Authorization", "Bearer " + harness.ingestToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Instant sentAt = Instant.now();
        HttpResponse<String> response = Http.send(request);
        return new IngestClient.Answer(response.statusCode(), Http.contentType(response), response.body(), sentAt,
                Instant.now());
    }

    private static HttpResponse<String> get(QuarkusService service, String path) {
        return Http.send(HttpRequest.newBuilder(service.uri(path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /** {@code count} GETs at once, without credentials; null for a request without an answer. */
    private List<HttpResponse<String>> anonymousReads(String path, int count) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<HttpResponse<String>>> reads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                reads.add(pool.submit(() -> get(harness.query(), path)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> read : reads) {
                try {
                    answers.add(read.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    answers.add(null);
                }
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private CatalogClient catalog() {
        return new CatalogClient(harness.query()::uri, line -> Progress.log("%s", line));
    }

    /** Opens a stream of the theme, trying again (the service may be full for a while) within {@link #WITHIN}. */
    private SseSubscriber subscribe(String slug) {
        URI uri = harness.query().uri("/themes/" + slug + "/stream");
        AtomicReference<SseSubscriber> opened = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("no attempt");
        try {
            await("a subscription to " + uri).atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).until(() -> {
                CompletableFuture<SseSubscriber> attempt = CompletableFuture.supplyAsync(() -> SseSubscriber.open(uri),
                        SUBSCRIBING);
                try {
                    opened.set(attempt.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                    return true;
                } catch (TimeoutException e) {
                    attempt.thenAccept(SseSubscriber::close); // if it ever opens, nobody wants it
                    last.set("no answer within " + REQUEST_TIMEOUT);
                } catch (java.util.concurrent.ExecutionException e) {
                    last.set(String.valueOf(e.getCause().getMessage()));
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no subscription to " + uri + " within " + WITHIN + "; last: " + last.get(), e);
        }
        return opened.get();
    }

    private DeadLetterWatch deadLetters() {
        if (deadLetters == null) {
            deadLetters = new DeadLetterWatch(harness.broker().bootstrapServers(), deadLetterTopic);
        }
        return deadLetters;
    }

    private List<QuarkusService> services() {
        return List.of(harness.ingest(), harness.enrich(), harness.query());
    }

    private List<ServiceVitals> vitals() {
        return services().stream().map(ServiceVitals::of).toList();
    }

    /** How long each service's log is now: what a row logs comes after. */
    private Map<Path, Long> logMarks() throws IOException {
        Map<Path, Long> marks = new java.util.HashMap<>();
        for (QuarkusService service : services()) {
            marks.put(service.process().logFile(), logLength(service));
        }
        return marks;
    }

    /** Lines of the service's log matching {@code pattern} after its mark (from the start of a log not marked). */
    private static List<String> logLinesSince(QuarkusService service, Map<Path, Long> marks, Pattern pattern) {
        try {
            return logLines(service, marks.getOrDefault(service.process().logFile(), 0L), pattern);
        } catch (IOException e) {
            return List.of("(cannot read " + service.process().logFile() + ": " + e + ")");
        }
    }

    /** A gauge of the service's Prometheus metrics, or null when it has none by that name. */
    private static Double gauge(QuarkusService service, String name) {
        HttpResponse<String> metrics = get(service, "/q/metrics");
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    private static long logLength(QuarkusService service) throws IOException {
        Path log = service.process().logFile();
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** Lines matching {@code pattern} logged since {@code from} (a length of the log file). */
    private static List<String> logLines(QuarkusService service, long from, Pattern pattern) throws IOException {
        Path log = service.process().logFile();
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            byte[] bytes = new byte[(int) Math.max(0, length - from)];
            file.seek(Math.min(from, length));
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> pattern.matcher(l).find())
                    .toList();
        }
    }

    // ----- helpers

    private PaperRecord goodPaper(String which) {
        return canaryModel.withTitle(canaryModel.title() + " (hostile good " + which + " " + nonce + ")");
    }

    /** The 1-based number of the line that text appended to {@code digest} starts on. */
    private static int nextLine(CharSequence digest) {
        return (int) digest.chars().filter(c -> c == '\n').count() + 1;
    }

    /** Lines an answer names: {@code rejected[].line}, and "line N" in its detail. */
    private static Set<Integer> namedLines(JsonNode answer) {
        Set<Integer> lines = new java.util.TreeSet<>();
        answer.path("rejected").forEach(r -> lines.add(r.path("line").asInt(-1)));
        java.util.regex.Matcher named = Pattern.compile("line (\\d+)").matcher(answer.path("detail").asText(""));
        while (named.find()) {
            lines.add(Integer.parseInt(named.group(1)));
        }
        return lines;
    }

    private static void add(Map<String, byte[]> values, Map<String, String> kinds, String kind, String title,
            byte[] value) {
        String id = PaperId.fromTitle(title);
        values.put(id, value);
        kinds.put(id, kind);
    }

    private static InetAddress loopback(int n) {
        try {
            return InetAddress.getByAddress(new byte[] { 127, 0, (byte) (n >> 8), (byte) n });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeLingering() {
        lingering.forEach(RawSockets.SlowReader::close);
        lingering.clear();
    }

    private void note(String format, Object... args) {
        notes.add(String.format(Locale.ROOT, format, args));
    }

    private static Map<String, Long> count(java.util.Collection<String> values) {
        Map<String, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts;
    }

    private static Throwable capture(HostileStep step) {
        try {
            step.run();
            return null;
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return t;
        }
    }

    private static String failureSummary(Throwable rowFailure, Throwable canaryFailure) {
        StringBuilder summary = new StringBuilder();
        if (rowFailure != null) {
            summary.append(" input_failure=\"").append(oneLine(rowFailure)).append('"');
        }
        if (canaryFailure != null) {
            summary.append(" canary_failure=\"").append(oneLine(canaryFailure)).append('"');
        }
        return summary.toString();
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return abbreviate(message.replaceAll("\\s+", " ").replace('"', '\''));
    }

    private static String shortReason(String reason) {
        return reason == null ? "none" : abbreviate(reason.replaceAll("\\s+", " "), 80);
    }

    private static String abbreviate(String text) {
        return abbreviate(text, 300);
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
