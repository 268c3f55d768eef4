package io.paperstream.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.Digests;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;
import io.paperstream.e2e.client.ResumingSseSubscriber.Server;
import io.paperstream.e2e.client.ResumingSseSubscriber;
import io.paperstream.e2e.corpus.SyntheticPapers;
import io.paperstream.e2e.harness.PipelineHarness.Scale;
import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.Progress;
import io.paperstream.events.TopicNames;
import io.paperstream.local.process.QuarkusService;

/**
 * Scale-out under crashes: 3 enrich and 2 query instances on 6 partitions, 20,000 papers streamed while one
 * enrich instance and then one query instance are killed with {@code kill -9} (the enrich one for good, the query
 * one started again later). Then the catalog holds every accepted paper exactly once, every theme count of each
 * query instance equals a count computed from the catalog's rows (SQL on the database and the listing), and an
 * SSE subscriber opened on each query instance before the stream received every paper of its theme exactly once;
 * the killed instance's subscriber resumes with its {@code Last-Event-ID} on the other instance, and moves back
 * to its own once that runs again. The time from each kill until its group serves all partitions again is
 * measured and printed ({@code RECOVERY ...}), never asserted.
 * <p>
 * Runs under {@code -Pfaults}: {@code ./mvnw -B -ntp -pl e2e-tests -Pfaults verify -Dtest=ScaleOutFaultTest}.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class ScaleOutFaultTest {

    static final String SCENARIO = "scale-out";
    static final Scale SCALE = new Scale(6, 3, 2);
    static final int PAPERS = 20_000;
    static final int RECORDS_PER_DIGEST = 200;
    static final Duration PAUSE_BETWEEN_DIGESTS = Duration.ofMillis(300);
    /**
     * The first digest goes in alone: the subscribers follow the busiest theme of its papers (chosen from the
     * data, not from the tagger's rules), and subscribe before the rest of the stream.
     */
    static final int WARM_UP_DIGESTS = 1;
    /** Shares of the digests answered when enrich, then query, is killed, and when query is started again. */
    static final double ENRICH_KILL_AT = 0.25;
    static final double QUERY_KILL_AT = 0.5;
    static final double QUERY_RESTART_AT = 0.75;
    /**
     * How long a recovery is watched at most. The stream waits at the query kill until the enrich takeover is
     * measured (the two would blur otherwise: papers of enrich's orphaned partitions are the ones query's
     * orphaned partitions wait for), and at the query restart until the query takeover is measured (so that the
     * moved subscriber still has papers to receive on the restarted instance).
     */
    static final Duration TAKEOVER_MAX = Duration.ofMinutes(2);
    static final Duration LOADER_MAX = Duration.ofMinutes(10);
    static final Duration SSE_MAX = Duration.ofMinutes(3);
    /** No new event for this long once every expected paper arrived: late duplicates would show by then. */
    static final Duration SSE_QUIET = Duration.ofSeconds(5);
    static final int SAMPLE = 20;
    static final Duration COUNTS_MAX = Duration.ofMinutes(1);
    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([^}:]+)}");
    /** Enrich's own Streams application that copies papers.enriched to themes.<slug> (absent before issue 10). */
    static final String THEME_ROUTER_APPLICATION_ID = "paperstream.theme-router.application-id";

    private final PipelineHarness harness = PipelineHarness.shared();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private StreamingLoader loader;

    @AfterEach
    void release() throws Exception {
        if (loader != null) {
            loader.close();
        }
        // the reverse of their opening: the takeover watchers use the admin client
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void threeEnrichTwoQueryOnSixPartitionsWithEnrichAndQueryKilled() throws Exception {
        harness.startScaledOut(SCENARIO, SCALE);
        List<QuarkusService> enrich = harness.enrichInstances();
        List<QuarkusService> query = harness.queryInstances();
        assertThat(enrich).as("enrich instances").hasSize(SCALE.enrichInstances());
        assertThat(query).as("query instances").hasSize(SCALE.queryInstances());

        // the services' topic names are the shared defaults (no service overrides them)
        String parsedTopic = TopicNames.PARSED;
        String enrichedTopic = TopicNames.ENRICHED;
        String enrichGroup = property(PipelineHarness.ENRICH, "quarkus.kafka-streams.application-id");
        String queryGroup = property(PipelineHarness.QUERY, "paperstream.query.consumer-group");
        Optional<String> routerGroup = optionalProperty(PipelineHarness.ENRICH, THEME_ROUTER_APPLICATION_ID);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.broker().bootstrapServers()));
        resources.add(admin);
        assertThat(partitionCounts(admin, List.of(parsedTopic, enrichedTopic)))
                .as("partitions of the topics the services created")
                .isEqualTo(Map.of(parsedTopic, SCALE.partitions(), enrichedTopic, SCALE.partitions()));

        List<List<PaperRecord>> digests = Digests.chunks(corpus(), RECORDS_PER_DIGEST);
        int enrichKillAt = (int) Math.ceil(digests.size() * ENRICH_KILL_AT);
        int queryKillAt = (int) Math.ceil(digests.size() * QUERY_KILL_AT);
        int queryRestartAt = (int) Math.ceil(digests.size() * QUERY_RESTART_AT);
        loader = new StreamingLoader(new IngestClient(harness.ingest()::uri, harness.ingestToken()), digests,
                PAUSE_BETWEEN_DIGESTS).holdAfter(WARM_UP_DIGESTS);
        Progress.log("%s: %d papers in %d digests; kill -9 %s after %d digests, %s after %d", SCENARIO, PAPERS,
                digests.size(), enrich.get(0).process().name(), enrichKillAt, query.get(0).process().name(),
                queryKillAt);
        loader.start();

        // the warm-up digest, then the subscribers, before anything else is sent
        loader.awaitAnswered(WARM_UP_DIGESTS, LOADER_MAX);
        Set<String> warmUpIds = loader.acceptedIds();
        CatalogClient firstCatalog = new CatalogClient(query.get(0)::uri, line -> Progress.log("%s", line));
        firstCatalog.awaitQuiet(warmUpIds.size(), Duration.ofSeconds(3), CatalogAudit.MAX_WAIT);
        String theme = busiestTheme(firstCatalog.themePaperCounts());
        List<Server> servers = query.stream().map(q -> new Server(q.process().name(), q::uri)).toList();
        List<ResumingSseSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < query.size(); i++) {
            ResumingSseSubscriber subscriber = ResumingSseSubscriber.open("on-" + servers.get(i).name(),
                    "/themes/" + theme + "/stream", servers, i);
            resources.add(subscriber);
            subscribers.add(subscriber);
        }
        Progress.log("%s: %d warm-up papers in the catalog; subscribers on '%s' at %s", SCENARIO, warmUpIds.size(),
                theme, servers.stream().map(Server::name).toList());
        loader.resumeUntil(queryKillAt);

        // enrich: one of three killed for good; the other two take its partitions over
        loader.awaitAnswered(enrichKillAt, LOADER_MAX);
        Progress.log("%s: kill -9 %s after %d/%d digests", SCENARIO, enrich.get(0), loader.answered(),
                loader.digestCount());
        enrich.get(0).kill();
        PartitionTakeover enrichTakeover = PartitionTakeover.watchFromNow(admin, enrichGroup, parsedTopic,
                SCALE.partitions());
        resources.add(enrichTakeover);
        Optional<PartitionTakeover> routerTakeover = routerGroup.map(group -> PartitionTakeover.watchFromNow(admin,
                group, enrichedTopic, SCALE.partitions()));
        routerTakeover.ifPresent(resources::add);
        enrichTakeover.awaitAllServed(TAKEOVER_MAX);
        routerTakeover.ifPresent(takeover -> takeover.awaitAllServed(TAKEOVER_MAX));
        List<String> recoveries = new ArrayList<>();
        recoveries.add(enrichTakeover.summary(enrich.get(0).process().name()));
        routerTakeover.ifPresent(takeover -> recoveries.add(takeover.summary(enrich.get(0).process().name()
                + " (theme router)")));
        recoveries.forEach(line -> Progress.log("%s", line));

        // query: killed while its subscriber has an event to resume from; the other instance takes over
        loader.awaitAnswered(queryKillAt, LOADER_MAX);
        ResumingSseSubscriber onKilled = subscribers.get(0);
        await("a first event on " + onKilled.name()).atMost(SSE_MAX).until(() -> onKilled.lastEventId() != null);
        Progress.log("%s: kill -9 %s after %d/%d digests (loader %s)", SCENARIO, query.get(0), loader.answered(),
                loader.digestCount(), loader.holding() ? "held there" : "running");
        query.get(0).kill();
        PartitionTakeover queryTakeover = PartitionTakeover.watchFromNow(admin, queryGroup, enrichedTopic,
                SCALE.partitions());
        resources.add(queryTakeover);
        loader.resumeUntil(queryRestartAt);
        queryTakeover.awaitAllServed(TAKEOVER_MAX);
        recoveries.add(queryTakeover.summary(query.get(0).process().name()));
        Progress.log("%s", recoveries.get(recoveries.size() - 1));

        // the killed query instance comes back; its subscriber moves back to it from the other one
        Progress.log("%s: starting %s again after %d/%d digests (loader %s)", SCENARIO,
                query.get(0).process().name(), loader.answered(), loader.digestCount(),
                loader.holding() ? "held there" : "running");
        query.get(0).start();
        onKilled.moveHomeTo(0);
        loader.resume();

        loader.awaitDone(LOADER_MAX);
        CatalogAudit audit = CatalogAudit.of(SCENARIO, loader, firstCatalog);
        System.out.println(audit.summary());
        recoveries.forEach(System.out::println);

        // the catalog: every accepted paper exactly once
        List<String> otherAnswers = loader.posts().stream().filter(p -> p.status() != 202)
                .map(p -> "#" + p.index() + ": " + p.status() + " " + p.error()).toList();
        assertThat(otherAnswers).as("digests not answered 202 (no broker fault here)").isEmpty();
        Set<String> accepted = loader.acceptedIds();
        assertThat(accepted).as("papers accepted").hasSize(PAPERS);
        assertThat(audit.lost()).as("accepted papers missing from the catalog" + logHint()).isZero();
        assertThat(audit.listedTwice()).as("papers listed more than once").isZero();
        assertThat(audit.unexpected()).as("papers in the catalog that were never accepted").isZero();
        assertThat(audit.statsPapers()).as("/stats papers").isEqualTo(accepted.size());

        CatalogRows rows = catalogRows(theme);
        assertThat(rows.paperRows()).as("rows of the paper table").isEqualTo(accepted.size());
        assertThat(sample(difference(accepted, rows.paperIds()))).as("accepted papers without a row").isEmpty();
        assertThat(sample(difference(rows.paperIds(), accepted))).as("rows of papers never accepted").isEmpty();

        // every theme count, on each query instance, against the rows (and the listing, in the audit)
        assertThat(audit.themeCountMismatches()).as("/themes of %s against the listing", servers.get(0).name())
                .isEmpty();
        for (QuarkusService instance : query) {
            CatalogClient catalog = new CatalogClient(instance::uri, line -> Progress.log("%s", line));
            // the catalog is quiet, but an instance may cache what it read for a moment
            await("counts of " + instance.process().name()).atMost(COUNTS_MAX).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        assertThat(catalog.statsPaperCount()).as("/stats papers of %s", instance.process().name())
                                .isEqualTo(accepted.size());
                        Map<String, Long> reported = new TreeMap<>(catalog.themePaperCounts());
                        reported.values().removeIf(count -> count == 0);
                        assertThat(reported).as("/themes paperCounts of %s against SELECT slug, count(*) FROM"
                                + " paper_theme GROUP BY slug", instance.process().name())
                                .isEqualTo(rows.themeCounts());
                    });
        }

        // the subscribers: every paper of the theme exactly once, on each instance
        Set<String> expected = rows.themePaperIds();
        assertThat(expected).as("catalog papers carrying '%s' beyond the warm-up", theme)
                .anyMatch(id -> !warmUpIds.contains(id));
        awaitAllDelivered(subscribers, expected, warmUpIds);
        subscribers.forEach(s -> System.out.println(s.summary()));
        for (ResumingSseSubscriber subscriber : subscribers) {
            Set<String> received = subscriber.paperIds();
            Set<String> streamed = new HashSet<>(expected);
            streamed.removeAll(warmUpIds);
            Set<String> receivedStreamed = new HashSet<>(received);
            receivedStreamed.removeAll(warmUpIds);
            Set<String> receivedWarmUp = new HashSet<>(received);
            receivedWarmUp.retainAll(warmUpIds);
            String who = subscriber.name() + " (" + subscriber.summary() + ")";
            assertThat(subscriber.refusals()).as("answers other than 200 to %s", who)
                    .allSatisfy(r -> assertThat(r.status()).as("%s", r).isNotEqualTo(400));
            assertThat(subscriber.problems()).as("unreadable events at %s", who).isEmpty();
            Map<String, List<ResumingSseSubscriber.Delivery>> duplicates = subscriber.duplicates();
            assertThat(duplicates.values().stream().limit(SAMPLE).toList()).as("%d papers delivered more than once"
                    + " to %s; some of them", duplicates.size(), who).isEmpty();
            Set<String> missing = difference(streamed, receivedStreamed);
            assertThat(sample(missing)).as("%d of the %d papers of '%s' sent after the subscription never reached"
                    + " %s; some of them", missing.size(), streamed.size(), theme, who).isEmpty();
            Set<String> extra = difference(receivedStreamed, streamed);
            assertThat(sample(extra)).as("%d papers delivered to %s are not in the catalog with '%s'; some of them",
                    extra.size(), who, theme).isEmpty();
            // warm-up papers were in the catalog before the subscription: delivered or not, they carry the theme
            assertThat(sample(difference(receivedWarmUp, expected))).as("warm-up papers delivered to %s without"
                    + " '%s' in the catalog", who, theme).isEmpty();
        }
        assertThat(onKilled.deliveriesPerServer()).as("servers that fed the killed instance's subscriber")
                .containsOnlyKeys(servers.stream().map(Server::name).toList());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The 20,000 papers: the real 5k four times under titles marked with the scenario, or generated ones. */
    private List<PaperRecord> corpus() {
        return harness.layout().realDigest5k().map(Digests::read).map(real -> {
            List<PaperRecord> papers = new ArrayList<>();
            for (int replica = 1; papers.size() < PAPERS; replica++) {
                papers.addAll(Digests.retitled(real, SCENARIO + " replica " + replica));
            }
            return papers.subList(0, PAPERS);
        }).orElseGet(() -> SyntheticPapers.generate(PAPERS, SCENARIO, SCENARIO.hashCode()));
    }

    private static Set<String> difference(Set<String> from, Set<String> remove) {
        Set<String> difference = new TreeSet<>(from);
        difference.removeAll(remove);
        return difference;
    }

    /** At most {@link #SAMPLE} elements: failure messages stay readable with thousands of papers. */
    private static List<String> sample(Set<String> ids) {
        return ids.stream().limit(SAMPLE).toList();
    }

    /** The theme with the most papers (the first by slug among equals). */
    private static String busiestTheme(Map<String, Long> paperCounts) {
        Map.Entry<String, Long> busiest = paperCounts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow(() -> new AssertionError("/themes lists no theme"));
        assertThat(busiest.getValue()).as("papers of the busiest theme after the warm-up, %s", paperCounts)
                .isPositive();
        return busiest.getKey();
    }

    /**
     * Waits until every subscriber has every expected paper and then nothing new comes for {@link #SSE_QUIET};
     * the assertions afterwards say what is missing or doubled.
     */
    private static void awaitAllDelivered(List<ResumingSseSubscriber> subscribers, Set<String> expected,
            Set<String> warmUpIds) {
        Set<String> streamed = new HashSet<>(expected);
        streamed.removeAll(warmUpIds);
        try {
            await("every streamed paper at every subscriber").atMost(SSE_MAX).pollInterval(Duration.ofSeconds(1))
                    .until(() -> subscribers.stream().allMatch(s -> s.paperIds().containsAll(streamed)));
        } catch (ConditionTimeoutException e) {
            Progress.log("papers still missing after %s: %s", SSE_MAX,
                    subscribers.stream().map(ResumingSseSubscriber::summary).toList());
            return;
        }
        long[] delivered = {-1};
        long[] since = {System.nanoTime()};
        await("no more events").atMost(SSE_MAX).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = subscribers.stream().mapToLong(s -> s.deliveries().size()).sum();
            if (now != delivered[0]) {
                delivered[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= SSE_QUIET.toNanos();
        });
    }

    /** What the catalog database holds, read with SQL: the independent side of the count checks. */
    record CatalogRows(long paperRows, Set<String> paperIds, Map<String, Long> themeCounts,
            Set<String> themePaperIds) {
    }

    private CatalogRows catalogRows(String theme) throws SQLException {
        try (Connection connection = harness.catalogConnection(); Statement statement = connection.createStatement()) {
            long paperRows;
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM paper")) {
                rs.next();
                paperRows = rs.getLong(1);
            }
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = statement.executeQuery("SELECT id FROM paper")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            Map<String, Long> themeCounts = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT slug, count(*) FROM paper_theme GROUP BY slug")) {
                while (rs.next()) {
                    themeCounts.put(rs.getString(1), rs.getLong(2));
                }
            }
            Set<String> themePapers = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT paper_id FROM paper_theme WHERE slug = ?")) {
                select.setString(1, theme);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        themePapers.add(rs.getString(1));
                    }
                }
            }
            return new CatalogRows(paperRows, ids, themeCounts, themePapers);
        }
    }

    private static Map<String, Integer> partitionCounts(Admin admin, List<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        Map<String, Integer> counts = new LinkedHashMap<>();
        descriptions.forEach((topic, description) -> counts.put(topic, description.partitions().size()));
        return counts;
    }

    /** A value of a service's application.properties, {@code ${key}} references resolved: names as the services have them. */
    private String property(String service, String key) {
        return optionalProperty(service, key).orElseThrow(() -> new IllegalStateException(service + " has no "
                + key + " in its application.properties"));
    }

    private Optional<String> optionalProperty(String service, String key) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(harness.layout().serviceProperties(service))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty(key)).map(value -> resolve(properties, value));
    }

    private static String resolve(Properties properties, String value) {
        Matcher reference = PROPERTY_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String referenced = properties.getProperty(reference.group(1));
            if (referenced == null) {
                throw new IllegalStateException("unresolved ${" + reference.group(1) + "} in " + value);
            }
            reference.appendReplacement(resolved, Matcher.quoteReplacement(resolve(properties, referenced)));
        }
        return reference.appendTail(resolved).toString();
    }

    private String logHint() {
        return " (logs: " + harness.layout().workDir().resolve("e2e-logs") + ")";
    }
}
