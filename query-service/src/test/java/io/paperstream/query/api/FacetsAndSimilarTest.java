package io.paperstream.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.paperstream.client.Digests;
import io.paperstream.client.PaperRecord;
import io.paperstream.client.SharedData;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;
import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.read.CatalogReader;
import io.paperstream.query.catalog.read.PageCursor;
import io.paperstream.query.catalog.read.PaperQuery;
import io.paperstream.query.catalog.read.PaperQueryBuilder;
import io.paperstream.query.catalog.read.PaperSort;
import io.paperstream.query.catalog.read.SearchPages;
import io.paperstream.query.catalog.read.SqlStatement;
import io.paperstream.query.catalog.read.ThemeFilterMode;
import io.paperstream.query.catalog.view.SimilarPaper;
import io.paperstream.query.testing.CatalogDatabase;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.query.testing.Papers;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Facets and similar papers on real papers: the first {@value #PAPERS} records of the shared 5k digest (read from
 * ../shared/data at test time), with themes given here by keyword and sources by position, produced to the real
 * broker and materialized into the real PostgreSQL. Every expectation is computed here from those records: facet
 * counts by counting them, similarity by an exhaustive oracle (each record's lexemes from PostgreSQL's own english
 * parser, document frequencies over the loaded set, every pair scored) — never from the service's tables.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FacetsAndSimilarTest {

    private static final int PAPERS = 400;
    // generous: loading 400 papers and their search vectors took over 90 s on a machine shared by several builds
    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Instant FIRST_INGESTED = Instant.parse("2026-11-01T00:00:00Z");
    /** The shared data beside the repository, or beside the folder of its worktrees. */
    private static final String DIGEST_5K = "arxiv-digest-5k.txt";
    /** Theme of the test's keyword tagger: a paper carries it when its lower-case text contains the keyword. */
    private static final Map<String, String> KEYWORDS = new LinkedHashMap<>();
    static {
        KEYWORDS.put("reinforcement-learning", "reinforcement");
        KEYWORDS.put("llm-agents", "agent");
        KEYWORDS.put("reasoning", "reasoning");
        KEYWORDS.put("evaluation-benchmarks", "benchmark");
        KEYWORDS.put("reward-modeling", "reward");
        KEYWORDS.put("multimodal", "multimodal");
        KEYWORDS.put("retrieval-augmentation", "retriev");
        KEYWORDS.put("computer-vision", "image");
        KEYWORDS.put("efficiency", "efficien");
        KEYWORDS.put("alignment-safety", "safety");
    }
    private static final List<String> SOURCES = List.of("arxiv-cs", "arxiv-stat", "latent-space");
    /**
     * paperstream.query.search.few-matches and relevance-candidates of the test profile (whose common-share, 0.2,
     * puts the rare word below it and the most common word above it).
     */
    private static final int FEW_MATCHES = 20;
    private static final int RELEVANCE_CANDIDATES = 15;
    /**
     * A recency bucket of the test profile's top level (searchFineBucketSeconds 300 × searchBucketsPerCoarser² 4):
     * papers are 60 s apart, 5 a fine bucket, 20 a bucket of the top level.
     */
    private static final long BUCKET_SECONDS = 1200;
    /** paperstream.query.page.count-limit (the default). */
    private static final int COUNT_LIMIT = 1000;
    /**
     * paperstream.query.search.count-below-estimate (the default): above the test catalog's size, so every word below
     * common-share has its matches counted.
     */
    private static final long COUNT_BELOW_ESTIMATE = 3000;
    /**
     * paperstream.query.facets.count-limit of the test profile: text and date filters above it get bounded facets;
     * theme, minRelated and source filters are counted exactly whatever their size.
     */
    private static final int FACETS_COUNT_LIMIT = 30;
    /** A word none of the papers has. */
    private static final String UNMATCHED = "qzxwvutsrpn";

    /** The papers as produced, by id, in production order. */
    private static final Map<String, PaperEnriched> LOADED = new LinkedHashMap<>();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @Inject
    CatalogReader reader;

    @BeforeEach
    void loadOnce() {
        if (!LOADED.isEmpty()) {
            return;
        }
        Optional<Path> found = SharedData.locate(DIGEST_5K);
        // real papers or nothing: a checkout without the shared data skips (.ci/run points a clone at it)
        Assumptions.assumeTrue(found.isPresent(), "the shared data is missing: " + DIGEST_5K + " in "
                + SharedData.candidates());
        Path digest = found.get();
        List<PaperRecord> records = Digests.read(digest, PAPERS + 50);
        List<PaperEnriched> papers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (PaperRecord record : records) {
            if (papers.size() == PAPERS || !ids.add(record.expectedId())) {
                continue;
            }
            int i = papers.size();
            String text = (record.title() + " " + record.summary()).toLowerCase(java.util.Locale.ROOT);
            String[] themes = KEYWORDS.entrySet().stream().filter(e -> text.contains(e.getValue()))
                    .map(Map.Entry::getKey).toArray(String[]::new);
            papers.add(Papers.paper(record.title(), record.summary(), SOURCES.get(i % 5 == 0 ? 2 : i % 2),
                    Map.of(), FIRST_INGESTED.plusSeconds(60L * i), themes));
        }
        CatalogDatabase.emptyPapers(dataSource);
        CatalogTopics.publishTaxonomy(kafka);
        CatalogTopics.publish(kafka, papers);
        papers.forEach(paper -> LOADED.put(paper.id(), paper));
        // listed, searchable, and the term statistics recounted over all of them
        await().atMost(TIMEOUT).untilAsserted(() -> {
            given().get("/papers?limit=1").then().statusCode(200).body("total", is(PAPERS));
            given().get("/stats").then().statusCode(200).body("searchPending", is(0));
            assertThat(countedPapers()).isEqualTo(PAPERS);
        });
    }

    @Test
    @Order(1)
    void facetsWithoutFiltersCountTheWholeCatalog() {
        JsonPath page = ok(given().get("/papers?limit=1&facets=theme,source"));
        assertThat(page.getList("items")).hasSize(1);
        assertFacets(page, paper -> true);
        assertThat(page.getBoolean("facetsExact")).isTrue();
        assertThat(page.getMap("")).doesNotContainKey("facetsCounted");
        // asked for one facet, only that one is there
        JsonPath sourcesOnly = ok(given().get("/papers?limit=1&facets=source"));
        assertThat(sourcesOnly.getMap("facets")).containsOnlyKeys("source");
        assertThat(ok(given().get("/papers?limit=1")).getMap("")).doesNotContainKey("facets")
                .doesNotContainKey("facetsExact");
    }

    @Test
    @Order(2)
    void facetsFollowEveryFilterOfTheListing() {
        // answered by the counters: exact however many papers match (these are more than the facet count limit)
        assertThat(LOADED.values().stream().filter(paper -> carries(paper, "llm-agents")).count())
                .isGreaterThan(FACETS_COUNT_LIMIT);
        assertCountedFacetsOf("theme=llm-agents", paper -> carries(paper, "llm-agents"));
        assertCountedFacetsOf("theme=llm-agents&theme=reasoning",
                paper -> carries(paper, "llm-agents") && carries(paper, "reasoning"));
        assertCountedFacetsOf("theme=reward-modeling&theme=computer-vision&themeMatch=any",
                paper -> carries(paper, "reward-modeling") || carries(paper, "computer-vision"));
        assertCountedFacetsOf("minRelated=" + minRelatedThreshold(), paper -> related(paper) >= minRelatedThreshold());
        assertCountedFacetsOf("source=latent-space", paper -> paper.source().equals("latent-space"));
        assertCountedFacetsOf("theme=llm-agents&source=arxiv-cs",
                paper -> carries(paper, "llm-agents") && paper.source().equals("arxiv-cs"));
        assertCountedFacetsOf("theme=reasoning&theme=evaluation-benchmarks&themeMatch=any&source=latent-space",
                paper -> (carries(paper, "reasoning") || carries(paper, "evaluation-benchmarks"))
                        && paper.source().equals("latent-space"));
        assertCountedFacetsOf("theme=llm-agents&theme=reasoning&source=arxiv-stat", paper -> carries(paper,
                "llm-agents") && carries(paper, "reasoning") && paper.source().equals("arxiv-stat"));
        assertCountedFacetsOf("minRelated=" + minRelatedThreshold() + "&source=arxiv-cs",
                paper -> related(paper) >= minRelatedThreshold() && paper.source().equals("arxiv-cs"));
        assertCountedFacetsOf("source=no-such-source", paper -> false);
        // the source is a bound value of the counters' statement, never SQL
        assertCountedFacetsOf("theme=llm-agents&source=" + java.net.URLEncoder.encode("x'); DROP TABLE paper; --",
                java.nio.charset.StandardCharsets.UTF_8), paper -> false);
        assertCountedFacetsOf("", paper -> true);
        // text and date filters: read from the matching rows, exact up to the limit, bounded beyond
        Instant after = FIRST_INGESTED.plusSeconds(60L * 100);
        Instant before = FIRST_INGESTED.plusSeconds(60L * 250);
        assertThat(assertFacetsOf("ingestedAfter=" + after + "&ingestedBefore=" + before,
                paper -> !paper.ingestedAt().isBefore(after) && paper.ingestedAt().isBefore(before)))
                .as("150 papers: bounded").isFalse();
        Instant shortBefore = FIRST_INGESTED.plusSeconds(60L * 120);
        assertThat(assertFacetsOf("ingestedAfter=" + after + "&ingestedBefore=" + shortBefore,
                paper -> !paper.ingestedAt().isBefore(after) && paper.ingestedAt().isBefore(shortBefore)))
                .as("20 papers: exact").isTrue();
        Set<String> model = matchingText("model");
        assertFacetsOf("q=model", paper -> model.contains(paper.id()));
        Set<String> language = matchingText("language -agent");
        assertFacetsOf("q=language%20-agent&theme=reasoning",
                paper -> language.contains(paper.id()) && carries(paper, "reasoning"));
        assertFacetsOf("q=model&source=arxiv-cs&sort=relevance",
                paper -> model.contains(paper.id()) && paper.source().equals("arxiv-cs"));
    }

    @Test
    @Order(3)
    void anUnknownFacetIsAProblem() {
        problem(given().get("/papers?facets=theme,author"), 400, "facets");
        problem(given().get("/papers?facets=themes"), 400, "facets");
        problem(given().get("/papers?facets=theme,,source"), 400, "facets");
    }

    @Test
    @Order(4)
    void similarPapersAgreeWithAnExhaustiveOracle() {
        Oracle oracle = new Oracle(lexemes());
        List<PaperEnriched> papers = List.copyOf(LOADED.values());
        int compared = 0;
        for (int i = 0; i < papers.size(); i += 20) {
            String id = papers.get(i).id();
            List<Oracle.Scored> expected = oracle.ranking(id);
            JsonPath similar = ok(given().get("/papers/" + id + "/similar?limit=5"));
            assertThat(similar.getString("id")).isEqualTo(id);
            List<Map<String, Object>> items = similar.getList("items");
            assertThat(items).as("similar to %s", id).hasSize(Math.min(5, expected.size()));
            if (items.isEmpty()) {
                continue;
            }
            compared++;
            // the best score, and the paper having it (any of the papers tied with it)
            double best = expected.get(0).score();
            Map<String, Object> top = items.get(0);
            assertThat(number(top.get("score"))).as("top score for %s", id).isCloseTo(best, within(1e-9));
            Set<String> tiedBest = expected.stream().filter(s -> Math.abs(s.score() - best) < 1e-9)
                    .map(Oracle.Scored::id).collect(Collectors.toSet());
            assertThat((String) top.get("id")).as("top-1 for %s", id).isIn(tiedBest);
            // every item's score is its oracle score, in the oracle's order
            for (int rank = 0; rank < items.size(); rank++) {
                Map<String, Object> item = items.get(rank);
                String other = (String) item.get("id");
                assertThat(number(item.get("score"))).as("score of %s for %s", other, id)
                        .isCloseTo(oracle.score(id, other), within(1e-9));
                assertThat(number(item.get("score"))).as("rank %d for %s", rank, id)
                        .isCloseTo(expected.get(rank).score(), within(1e-9));
                @SuppressWarnings("unchecked")
                List<String> sharedTerms = (List<String>) item.get("sharedTerms");
                Set<String> shared = oracle.shared(id, other);
                assertThat(sharedTerms).as("shared terms of %s and %s", id, other).isNotEmpty()
                        .doesNotHaveDuplicates().isSubsetOf(shared)
                        .hasSize(Math.min(10, (int) shared.stream().filter(t -> oracle.idf(t) > 0).count()));
                // the heaviest shared term comes first
                double heaviest = shared.stream().mapToDouble(oracle::idf).max().orElseThrow();
                assertThat(oracle.idf(sharedTerms.get(0))).isCloseTo(heaviest, within(1e-9));
                // the item is a listing item of that paper
                assertThat(item.get("title")).isEqualTo(LOADED.get(other).title());
            }
        }
        assertThat(compared).as("papers compared with the oracle").isGreaterThanOrEqualTo(15);
    }

    /**
     * Bounded candidates, as production reads them (a few finders, a small posting budget, so that the exhaustive
     * ranking is out of reach for some papers): what stays guaranteed is pinned — the items are exactly the oracle's
     * best among the papers holding one of the finders (the paper's rarest terms by the oracle's df, the production
     * rule), with exact scores and shared terms; so the true top-1 is found whenever it holds a finder.
     */
    @Test
    @Order(4)
    void boundedCandidatesAreTheOraclesBestAmongThePapersHoldingAFinder() {
        // many of a paper's rarest terms are its own (df 1, no candidate): room for those, and few postings beyond
        int queryTerms = 40;
        int postings = 80;
        Oracle oracle = new Oracle(lexemes());
        List<PaperEnriched> papers = List.copyOf(LOADED.values());
        int compared = 0;
        boolean boundMattered = false;
        for (int i = 0; i < papers.size(); i += 4) {
            String id = papers.get(i).id();
            Set<String> finders = oracle.finders(id, queryTerms, postings);
            List<Oracle.Scored> exhaustive = oracle.ranking(id);
            List<Oracle.Scored> reachable = exhaustive.stream()
                    .filter(s -> oracle.holdsAny(s.id(), finders)).toList();
            boundMattered |= !exhaustive.subList(0, Math.min(5, exhaustive.size())).stream()
                    .allMatch(s -> oracle.holdsAny(s.id(), finders));
            List<SimilarPaper> items = reader.similar(id, 5, queryTerms, postings, 0, 0).orElseThrow().items();
            assertThat(items).as("similar to %s within %s", id, finders).hasSize(Math.min(5, reachable.size()));
            assertRankedAsTheOracle(oracle, id, items, reachable);
            for (SimilarPaper item : items) {
                assertThat(oracle.holdsAny(item.paper().id(), finders))
                        .as("%s holds a finder of %s", item.paper().id(), id).isTrue();
            }
            compared += items.isEmpty() ? 0 : 1;
        }
        assertThat(compared).as("papers compared with the oracle").isGreaterThanOrEqualTo(15);
        // the bound left some paper's true best out of reach: the ranking above is the bounded one, not the full one
        assertThat(boundMattered).as("a true top-5 paper holding no finder").isTrue();
    }

    /**
     * Paired finders (the paper's next rarest terms after the few alone ones): the items are exactly the oracle's best
     * among the papers holding an alone finder or at least two paired ones (both chosen by the production rule over
     * the oracle's df), with exact scores; some item is reached through a pair alone, and some paper holding only
     * one paired term (no alone one) is left out although it would rank among the items.
     */
    @Test
    @Order(4)
    void pairedFindersReachThePapersHoldingTwoOfThem() {
        int aloneTerms = 2;
        int alonePostings = 4;
        // few, rare paired terms: pairs are rare among 400 papers, so holding one paired term would often rank
        int pairedTerms = 10;
        int pairedPostings = 40;
        Oracle oracle = new Oracle(lexemes());
        List<PaperEnriched> papers = List.copyOf(LOADED.values());
        int compared = 0;
        boolean reachedByAPair = false;
        boolean oneLeftOut = false;
        for (int i = 0; i < papers.size(); i += 4) {
            String id = papers.get(i).id();
            Set<String> alone = oracle.finders(id, aloneTerms, alonePostings);
            Set<String> paired = oracle.paired(id, alone, pairedTerms, pairedPostings);
            List<Oracle.Scored> exhaustive = oracle.ranking(id);
            List<Oracle.Scored> reachable = exhaustive.stream().filter(s -> oracle.holdsAny(s.id(), alone)
                    || oracle.holdsAtLeastTwo(s.id(), paired)).toList();
            // a paper that one paired term would have let in above the fifth item
            double fifth = reachable.size() < 5 ? 0 : reachable.get(4).score();
            oneLeftOut |= exhaustive.stream().anyMatch(s -> s.score() > fifth && !oracle.holdsAny(s.id(), alone)
                    && oracle.holdsAny(s.id(), paired) && !oracle.holdsAtLeastTwo(s.id(), paired));
            List<SimilarPaper> items = reader.similar(id, 5, aloneTerms, alonePostings, pairedTerms, pairedPostings)
                    .orElseThrow().items();
            assertThat(items).as("similar to %s within %s and pairs of %s", id, alone, paired)
                    .hasSize(Math.min(5, reachable.size()));
            assertRankedAsTheOracle(oracle, id, items, reachable);
            reachedByAPair |= items.stream().anyMatch(item -> !oracle.holdsAny(item.paper().id(), alone));
            compared += items.isEmpty() ? 0 : 1;
        }
        assertThat(compared).as("papers compared with the oracle").isGreaterThanOrEqualTo(15);
        assertThat(reachedByAPair).as("an item holding no alone finder").isTrue();
        assertThat(oneLeftOut).as("a paper above the fifth item holding a single paired term only").isTrue();
    }

    /**
     * Terms the last {@code term_df} count did not see (papers written since; here their counted rows are taken out
     * of {@code term_df}) are counted from the index when a paper's similar papers are read: the scores and the
     * ranking stay the oracle's, over the papers as they are. Counted as held by one paper, each such term would weigh
     * ln(N) instead of ln(N / df) and every score sharing it would be off.
     */
    @Test
    @Order(4)
    void termsTheLastCountDidNotSeeAreCountedFromTheIndex() throws SQLException {
        Oracle oracle = new Oracle(lexemes());
        List<String> ids = List.copyOf(LOADED.keySet()).stream().sorted().limit(8).toList();
        // every term these papers share with another paper and that not every paper holds (a positive weight)
        String[] uncounted = ids.stream().flatMap(id -> oracle.lexemes.get(id).stream())
                .filter(term -> oracle.docs.get(term) >= 2 && oracle.idf(term) > 0).distinct().toArray(String[]::new);
        assertThat(uncounted).hasSizeGreaterThan(20);
        Map<String, Integer> removed = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM term_df WHERE term = ANY(?) RETURNING term, docs")) {
                statement.setArray(1, connection.createArrayOf("text", uncounted));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        removed.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
            try {
                assertThat(removed).as("counted terms taken out").hasSize(uncounted.length);
                for (String id : ids) {
                    List<Oracle.Scored> expected = oracle.ranking(id);
                    List<SimilarPaper> items = reader.similar(id, 5).orElseThrow().items();
                    assertThat(items).as("similar to %s", id).hasSize(Math.min(5, expected.size()));
                    assertRankedAsTheOracle(oracle, id, items, expected);
                }
            } finally {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO term_df (term, docs) SELECT * FROM unnest(?::text[], ?::int[])")) {
                    statement.setArray(1, connection.createArrayOf("text", removed.keySet().toArray()));
                    statement.setArray(2, connection.createArrayOf("integer", removed.values().toArray()));
                    statement.executeUpdate();
                }
            }
        }
    }

    /** Each item has the oracle's exact score, ranks as the reachable papers do, and lists terms both papers hold. */
    private static void assertRankedAsTheOracle(Oracle oracle, String id, List<SimilarPaper> items,
            List<Oracle.Scored> reachable) {
        for (int rank = 0; rank < items.size(); rank++) {
            SimilarPaper item = items.get(rank);
            String other = item.paper().id();
            assertThat(item.score()).as("score of %s for %s", other, id)
                    .isCloseTo(oracle.score(id, other), within(1e-9));
            assertThat(item.score()).as("rank %d for %s", rank, id)
                    .isCloseTo(reachable.get(rank).score(), within(1e-9));
            assertThat(item.sharedTerms()).as("shared terms of %s and %s", id, other).isNotEmpty()
                    .isSubsetOf(oracle.shared(id, other));
        }
    }

    /**
     * Search listings against an oracle over the records' own text (PostgreSQL's parser and ts_rank_cd over a vector
     * built here from each record's title and summary, as relevance is defined): the set and order of every page
     * followed through its cursors, for a word with few matches (read through the GIN index and sorted), a word
     * with more in at most a tenth of the papers (read bucket by bucket), the most common word (the recency walk;
     * relevance ranks only the newest matches), a word no paper has, and each with theme filters. The test profile sets few-matches and relevance-candidates small so that 400 papers
     * take both plans.
     */
    @Test
    @Order(5)
    void searchListingsAgreeWithAnOracleOverTheRecords() {
        Words words = words();
        String rare = words.rare();
        String mid = words.mid();
        String common = words.common();
        Map<String, Float> rareRanks = ranksOf(rare);
        Map<String, Float> midRanks = ranksOf(mid);
        Map<String, Float> commonRanks = ranksOf(common);
        assertThat(rareRanks.size()).as("papers matching %s", rare).isBetween(7, FEW_MATCHES);
        assertThat(commonRanks.size()).as("papers matching %s", common)
                .isGreaterThan(FEW_MATCHES + RELEVANCE_CANDIDATES);
        assertThat(ranksOf(UNMATCHED)).isEmpty();
        String rareTheme = rareRanks.keySet().stream().flatMap(id -> LOADED.get(id).themes().stream())
                .map(ThemeTag::slug).sorted().findFirst().orElseThrow();
        // statistics as the indexer's ANALYZE leaves them: the plan choice reads the planner's estimate
        analyzeSearch();
        assertSearch(rare, rareRanks, "", paper -> true);
        assertSearch(rare, rareRanks, "&theme=" + rareTheme, paper -> carries(paper, rareTheme));
        assertSearch(mid, midRanks, "", paper -> true);
        assertSearch(mid, midRanks, "&theme=llm-agents", paper -> carries(paper, "llm-agents"));
        assertSearch(common, commonRanks, "", paper -> true);
        assertSearch(common, commonRanks, "&theme=llm-agents", paper -> carries(paper, "llm-agents"));
        assertSearch(common, commonRanks, "&theme=reasoning&theme=evaluation-benchmarks&themeMatch=any",
                paper -> carries(paper, "reasoning") || carries(paper, "evaluation-benchmarks"));
        assertSearch(UNMATCHED, Map.of(), "", paper -> true);
        // the rare word's pages of 3 run over several recency buckets: a cursor crosses from one to an older one
        List<Long> buckets = rareRanks.keySet().stream().map(LOADED::get).sorted(NEWEST_FIRST)
                .map(paper -> Math.floorDiv(paper.ingestedAt().getEpochSecond(), BUCKET_SECONDS)).toList();
        assertThat(java.util.stream.IntStream.iterate(3, k -> k < buckets.size(), k -> k + 3)
                .anyMatch(k -> buckets.get(k - 1) > buckets.get(k)))
                .as("a page of %s ends in a newer bucket than the next one starts (buckets %s)", rare, buckets)
                .isTrue();
    }

    /**
     * Each search plan of {@link SearchPages} forced in turn, run through the reader's own statements on the catalog,
     * pages of 3 followed through their cursors: the same pages as the oracle's, whichever plan reads them.
     * common-share 0: every word walks the recency index (relevance: the newest candidates); above 1 with the test
     * profile's few-matches: the rare word's matches are read first (relevance ranks them all), the common word's
     * bucket by bucket; few-matches 0: every word bucket by bucket.
     */
    @Test
    @Order(6)
    void everySearchPlanAgreesWithTheOracle() throws SQLException {
        Words words = words();
        String rare = words.rare();
        String common = words.common();
        analyzeSearch();
        List<SearchPages.Settings> plans = List.of(
                new SearchPages.Settings(FEW_MATCHES, RELEVANCE_CANDIDATES, 0, COUNT_LIMIT, COUNT_BELOW_ESTIMATE),
                new SearchPages.Settings(FEW_MATCHES, RELEVANCE_CANDIDATES, 1.5, COUNT_LIMIT, COUNT_BELOW_ESTIMATE),
                new SearchPages.Settings(0, RELEVANCE_CANDIDATES, 1.5, COUNT_LIMIT, COUNT_BELOW_ESTIMATE),
                // every word estimated above the threshold: read bucket by bucket without a count
                new SearchPages.Settings(FEW_MATCHES, RELEVANCE_CANDIDATES, 1.5, COUNT_LIMIT, 0));
        for (SearchPages.Settings settings : plans) {
            for (String word : List.of(rare, common, UNMATCHED)) {
                Map<String, Float> ranks = ranksOf(word);
                for (List<String> themes : List.of(List.<String>of(), List.of("llm-agents"))) {
                    Predicate<PaperEnriched> filter = paper -> themes.stream().allMatch(theme -> carries(paper, theme));
                    List<PaperEnriched> matching = ranks.keySet().stream().map(LOADED::get).filter(filter).toList();
                    for (PaperSort sort : List.of(PaperSort.RECENT, PaperSort.RELEVANCE)) {
                        PaperQuery query = new PaperQuery(themes, ThemeFilterMode.ALL, word, 0, null, null, null, sort,
                                3, null);
                        // ranked all when counted (an estimate is at most the catalog) and few
                        boolean counted = settings.countBelowEstimate() >= PAPERS;
                        boolean rankedAll = settings.commonShare() > 1 && counted
                                && ranks.size() <= settings.fewMatches();
                        List<String> expected = sort == PaperSort.RECENT ? newest(matching)
                                : bestOfNewest(matching, ranks, rankedAll);
                        assertThat(planPages(query, settings)).as("%s, themes %s, %s, %s", word, themes, sort,
                                settings).containsExactlyElementsOf(expected);
                    }
                }
            }
        }
        // the pages above were read from every level of buckets and across each change of level (V7)
        assertThat(statementsRun).as("fine bucket windows").anyMatch(sql -> sql.contains("m.recency_bucket = ANY("))
                .as("level 1 windows").anyMatch(sql -> sql.contains("m.recency_bucket_1 = ANY("))
                .as("level 2 windows").anyMatch(sql -> sql.contains("m.recency_bucket_2 = ANY("))
                .as("a level 1 window after fine ones, leaving out the fine buckets read")
                .anyMatch(sql -> sql.contains("m.recency_bucket + 0 < ?"))
                .as("a level 2 window after level 1 ones, leaving out the level 1 buckets read")
                .anyMatch(sql -> sql.contains("m.recency_bucket_1 + 0 < ?"));
        // relevance ranks its candidates where it reads them (walk or buckets), never reading paper_search again
        List<String> ranked = statementsRun.stream().filter(sql -> sql.startsWith("WITH candidate")).toList();
        assertThat(ranked).as("ranked candidates' statements").isNotEmpty()
                .allSatisfy(sql -> assertThat(sql.split("paper_search", -1)).as(sql).hasSize(2));
    }

    /**
     * A search's match count reads the GIN index, whatever the planner would bet on (on this small catalog: a
     * sequential scan of paper_search), and counts the word's papers up to the cap; the planner's estimate of a word
     * it has statistics for is its papers in the records.
     */
    @Test
    void searchMatchesAreCountedThroughTheIndexAndEstimatedFromTheStatistics() throws SQLException {
        Words words = words();
        analyzeSearch();
        Map<String, Integer> docs = new HashMap<>();
        lexemes().values().forEach(terms -> terms.forEach(term -> docs.merge(term, 1, Integer::sum)));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            SearchPages.Statements db = SearchPages.on(connection);
            long[] before = scansOfPaperSearch(db);
            for (String word : List.of(words.rare(), words.mid(), words.common())) {
                long counted = db.query(new SqlStatement("SELECT paper_search_matches(websearch_to_tsquery('"
                        + PaperQueryBuilder.TEXT_SEARCH_CONFIG + "', ?), ?)", List.of(word, FEW_MATCHES + 1)),
                        row -> row.getLong(1)).get(0);
                assertThat(counted).as(word).isEqualTo(Math.min(docs.get(word), FEW_MATCHES + 1));
            }
            long[] after = scansOfPaperSearch(db);
            assertThat(after[0] - before[0]).as("sequential scans of paper_search").isZero();
            assertThat(after[1] - before[1]).as("index scans of paper_search").isGreaterThanOrEqualTo(3);
            double[] estimate = db.query(new SqlStatement("SELECT matches, papers FROM paper_search_estimate("
                    + "websearch_to_tsquery('" + PaperQueryBuilder.TEXT_SEARCH_CONFIG + "', ?))",
                    List.of(words.common())), row -> new double[] {row.getDouble(1), row.getDouble(2)}).get(0);
            assertThat(estimate[0]).as("estimated papers of %s", words.common())
                    .isCloseTo(docs.get(words.common()), within(1.0));
            assertThat(estimate[0] / estimate[1]).isCloseTo(docs.get(words.common()) / (double) PAPERS, within(0.01));
            connection.rollback();
        }
    }

    /**
     * A search's page sends ONE statement before its page or its bucket windows (query README, "Fewer round trips"):
     * the estimate, the plan's choice, the match count, parallel workers off and the bucket bounds together. Parallel
     * workers then stay off for the rest of the transaction when the page is read from the matches (the page and the
     * windows are planned without them), and a walk keeps the server's setting. Rare word: matches first (counted,
     * few); mid word: bucket by bucket (counted, more than few); common word with common-share 0: the walk.
     */
    @Test
    void aSearchSendsOneStatementBeforeItsPageOrWindows() throws SQLException {
        Words words = words();
        analyzeSearch();
        SearchPages.Settings fromMatches = new SearchPages.Settings(FEW_MATCHES, RELEVANCE_CANDIDATES, 1.5,
                COUNT_LIMIT, COUNT_BELOW_ESTIMATE);
        SearchPages.Settings walk = new SearchPages.Settings(FEW_MATCHES, RELEVANCE_CANDIDATES, 0, COUNT_LIMIT,
                COUNT_BELOW_ESTIMATE);
        for (PaperSort sort : List.of(PaperSort.RECENT, PaperSort.RELEVANCE)) {
            boolean relevance = sort == PaperSort.RELEVANCE;
            sentBeforePage(words.rare(), sort, fromMatches, SearchPages.Plan.MATCHES_FIRST, true);
            sentBeforePage(words.mid(), sort, fromMatches,
                    relevance ? SearchPages.Plan.NEWEST_RANKED_BUCKETS : SearchPages.Plan.BUCKETS, true);
            sentBeforePage(words.common(), sort, walk,
                    relevance ? SearchPages.Plan.NEWEST_RANKED_WALK : SearchPages.Plan.WALK, false);
        }
    }

    /** Page 1 of the word alone: its plan, one statement besides the page's (or windows'), the parallel setting. */
    private void sentBeforePage(String word, PaperSort sort, SearchPages.Settings settings, SearchPages.Plan plan,
            boolean parallelOff) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            SearchPages.Statements jdbc = SearchPages.on(connection);
            String serverSetting = parallelWorkers(jdbc);
            assertThat(serverSetting).as("the server's max_parallel_workers_per_gather").isNotEqualTo("0");
            List<String> sent = new ArrayList<>();
            SearchPages.Statements db = recording(jdbc, sent, true);
            PaperQuery query = new PaperQuery(List.of(), ThemeFilterMode.ALL, word, 0, null, null, null, sort, 3, null);
            SearchPages.Page page = SearchPages.page(query, new ThemeCombos(Map.of()), settings, db);
            String as = word + ", " + sort + ": " + sent;
            assertThat(page.plan()).as(as).isEqualTo(plan);
            List<String> windows = sent.stream().filter(sql -> sql.contains("AS window_rows")).toList();
            if (plan == SearchPages.Plan.BUCKETS || plan == SearchPages.Plan.NEWEST_RANKED_BUCKETS) {
                assertThat(windows).as(as).isNotEmpty();
                assertThat(sent).as(as).hasSize(1 + windows.size());
            } else {
                assertThat(windows).as(as).isEmpty();
                assertThat(sent).as(as).hasSize(2);
            }
            assertThat(parallelWorkers(jdbc)).as(as).isEqualTo(parallelOff ? "0" : serverSetting);
            connection.rollback();
        }
    }

    private static String parallelWorkers(SearchPages.Statements db) throws SQLException {
        return db.query(new SqlStatement("SELECT current_setting('max_parallel_workers_per_gather')", List.of()),
                row -> row.getString(1)).get(0);
    }

    /**
     * Sequential and index scans of paper_search this backend counted and has not reported yet: this transaction's,
     * and those of the connection's earlier ones of the last half second (PostgreSQL 14 reports them at most twice a
     * second), so a test compares two readings.
     */
    private static long[] scansOfPaperSearch(SearchPages.Statements db) throws SQLException {
        return db.query(new SqlStatement("SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables"
                + " WHERE relname = 'paper_search'", List.of()), row -> new long[] {row.getLong(1), row.getLong(2)})
                .get(0);
    }

    /**
     * Words of the search tests, by their document frequency over the loaded papers: rare = the most frequent word
     * still within few-matches (several pages of 3, 7 matches at least), mid = the most frequent with more than
     * few-matches in at most a tenth of the papers (below the test's common-share: bucket reads), common = the most
     * frequent of all (ties by the word).
     */
    private record Words(String rare, String mid, String common) {
    }

    private Words words() {
        Map<String, Integer> docs = new HashMap<>();
        lexemes().values().forEach(terms -> terms.forEach(term -> docs.merge(term, 1, Integer::sum)));
        Comparator<Map.Entry<String, Integer>> byFrequency = Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry::getKey);
        String rare = docs.entrySet().stream().filter(e -> e.getValue() >= 7 && e.getValue() <= FEW_MATCHES)
                .max(byFrequency).orElseThrow().getKey();
        String mid = docs.entrySet().stream().filter(e -> e.getValue() > FEW_MATCHES && e.getValue() <= PAPERS / 10)
                .max(byFrequency).orElseThrow().getKey();
        String common = docs.entrySet().stream().max(byFrequency).orElseThrow().getKey();
        return new Words(rare, mid, common);
    }

    private static final Comparator<PaperEnriched> NEWEST_FIRST = Comparator.comparing(PaperEnriched::ingestedAt)
            .thenComparing(PaperEnriched::id).reversed();

    private static List<String> newest(List<PaperEnriched> matching) {
        return matching.stream().sorted(NEWEST_FIRST).map(PaperEnriched::id).toList();
    }

    /**
     * sort=relevance: every match of the listing ({@code all}), else its newest relevance-candidates matches, best
     * first (then by id).
     */
    private static List<String> bestOfNewest(List<PaperEnriched> matching, Map<String, Float> ranks, boolean all) {
        Comparator<PaperEnriched> bestFirst = Comparator.<PaperEnriched>comparingDouble(p -> ranks.get(p.id()))
                .reversed().thenComparing(PaperEnriched::id);
        return matching.stream().sorted(NEWEST_FIRST).limit(all ? matching.size() : RELEVANCE_CANDIDATES)
                .sorted(bestFirst).map(PaperEnriched::id).toList();
    }

    /** {@code db}'s statements, each query also added to {@code sent}, and each SET too when {@code withSets}. */
    private static SearchPages.Statements recording(SearchPages.Statements db, List<String> sent, boolean withSets) {
        return new SearchPages.Statements() {
            @Override
            public <T> List<T> query(SqlStatement sql, SearchPages.RowMapper<T> mapper) throws SQLException {
                sent.add(sql.sql());
                return db.query(sql, mapper);
            }

            @Override
            public void execute(String sql) throws SQLException {
                if (withSets) {
                    sent.add(sql);
                }
                db.execute(sql);
            }
        };
    }

    /** The statements {@link #planPages} has run. */
    private final List<String> statementsRun = new ArrayList<>();

    /** Every page of a search through {@link SearchPages} with these settings, as the reader follows cursors. */
    private List<String> planPages(PaperQuery first, SearchPages.Settings settings) throws SQLException {
        List<String> ids = new ArrayList<>();
        PaperQuery query = first;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            SearchPages.Statements jdbc = SearchPages.on(connection);
            SearchPages.Statements db = recording(jdbc, statementsRun, false);
            for (int pages = 0; pages <= PAPERS; pages++) {
                SearchPages.Page page = SearchPages.page(query, new ThemeCombos(Map.of()), settings, db);
                connection.commit();
                List<SearchPages.Row> rows = page.rows().subList(0, Math.min(page.rows().size(), query.limit()));
                rows.forEach(row -> ids.add(row.id()));
                if (page.rows().size() <= query.limit()) {
                    break;
                }
                SearchPages.Row last = rows.get(rows.size() - 1);
                PageCursor cursor = query.sort() == PaperSort.RECENT
                        ? PageCursor.recent(query.filterFingerprint(), last.id(), last.ingestedAt())
                        : PageCursor.relevance(query.filterFingerprint(), last.id(), last.rank(), last.window());
                query = new PaperQuery(query.themes(), query.themeMatch(), query.text(), 0, null, null, null,
                        query.sort(), query.limit(), cursor);
            }
        }
        return ids;
    }

    private void analyzeSearch() {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("ANALYZE paper, paper_theme, paper_search");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first and by relevance, pages of 3 followed to the end, against the oracle's ranks of {@code text}. */
    private static void assertSearch(String text, Map<String, Float> ranks, String filters,
            Predicate<PaperEnriched> filter) {
        List<PaperEnriched> matching = ranks.keySet().stream().map(LOADED::get).filter(filter).toList();
        List<String> newest = newest(matching);
        // few matches (of the text alone): every match ranked; many: the newest relevance-candidates of them
        List<String> relevance = bestOfNewest(matching, ranks, ranks.size() <= FEW_MATCHES);
        String listing = "/papers?q=" + text + filters;
        boolean few = ranks.size() <= FEW_MATCHES;
        assertThat(pages(listing, matching.size(), few)).as(listing).containsExactlyElementsOf(newest);
        assertThat(pages(listing + "&sort=relevance", matching.size(), few)).as(listing + "&sort=relevance")
                .containsExactlyElementsOf(relevance);
    }

    /**
     * The ids of every page of a listing (pages of 3, through nextCursor); the first page's total is checked: exact
     * for a search whose text has few matches (all read); else exact, or a lower bound (at least the rows on the
     * page, at most the listing's) flagged as such.
     */
    private static List<String> pages(String listing, int total, boolean exact) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = ok(given().urlEncodingEnabled(false)
                    .get(listing + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor)));
            if (cursor == null && (exact || page.getBoolean("totalExact"))) {
                assertThat(page.getLong("total")).as("total of %s", listing).isEqualTo(total);
                assertThat(page.getBoolean("totalExact")).as("totalExact of %s", listing).isTrue();
            } else if (cursor == null) {
                assertThat(page.getLong("total")).as("lower bound of the total of %s", listing)
                        .isBetween((long) page.getList("items").size(), (long) total);
            }
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null && ++pages <= PAPERS);
        return ids;
    }

    @Test
    @Order(6)
    void similarRefusesUnknownPapersAndBadLimits() {
        String known = LOADED.keySet().iterator().next();
        problem(given().get("/papers/no-such-paper/similar"), 404, null);
        assertThat(given().get("/papers/no-such-paper/similar").jsonPath().getString("type"))
                .isEqualTo("urn:paperstream:problem:not-found");
        for (String limit : List.of("0", "51", "-1", "ten", "99999999999")) {
            problem(given().get("/papers/" + known + "/similar?limit=" + limit), 400, "limit");
        }
        assertThat(ok(given().get("/papers/" + known + "/similar")).getList("items")).hasSize(10);
    }

    /**
     * Last: removes a paper, moves one to a new source with other themes, retags another: the counters follow, so
     * every counted facet (no filter, theme filters all/any, with and without a source) stays equal to the records.
     */
    @Test
    @Order(7)
    void facetCountersFollowRemovalsNewSourcesAndRetags() {
        List<PaperEnriched> papers = List.copyOf(LOADED.values());
        PaperEnriched removed = papers.get(3);
        PaperEnriched moved = papers.get(4);
        PaperEnriched retagged = papers.get(6);
        Set<String> movedThemes = moved.themes().stream().map(ThemeTag::slug).collect(Collectors.toSet());
        String[] otherThemes = KEYWORDS.keySet().stream().filter(slug -> !movedThemes.contains(slug)).limit(2)
                .toArray(String[]::new);
        PaperEnriched movedThemed = Papers.retagged(moved, moved.enrichedAt().plusSeconds(2), otherThemes);
        PaperEnriched newer = new PaperEnriched(moved.schemaVersion(), moved.id(), moved.title(), moved.summary(),
                moved.related(), moved.digestId(), "a-new-source", moved.line(), moved.ingestedAt().plusSeconds(1),
                movedThemed.themes(), moved.enrichedAt().plusSeconds(2), moved.taxonomyVersion());
        boolean hadLlmAgents = carries(retagged, "llm-agents");
        PaperEnriched retaggedNewer = Papers.retagged(retagged, retagged.enrichedAt().plusSeconds(2),
                hadLlmAgents ? new String[] {"reasoning"} : new String[] {"llm-agents", "reasoning"});
        CatalogTopics.send(kafka, List.of(new ProducerRecord<>(CatalogTopics.ENRICHED, removed.id(), null),
                CatalogTopics.record(newer, null), CatalogTopics.record(retaggedNewer, null)));
        LOADED.remove(removed.id());
        LOADED.put(moved.id(), newer);
        LOADED.put(retagged.id(), retaggedNewer);
        await().atMost(TIMEOUT).untilAsserted(() -> assertFacets(ok(given().get("/papers?limit=1&facets=theme,source")),
                paper -> true));
        assertCountedFacetsOf("source=a-new-source", paper -> paper.source().equals("a-new-source"));
        assertCountedFacetsOf("theme=" + otherThemes[0], paper -> carries(paper, otherThemes[0]));
        assertCountedFacetsOf("theme=" + otherThemes[0] + "&theme=" + otherThemes[1] + "&themeMatch=any",
                paper -> carries(paper, otherThemes[0]) || carries(paper, otherThemes[1]));
        assertCountedFacetsOf("theme=llm-agents&theme=reasoning",
                paper -> carries(paper, "llm-agents") && carries(paper, "reasoning"));
        assertCountedFacetsOf("theme=llm-agents&source=" + retagged.source(),
                paper -> carries(paper, "llm-agents") && paper.source().equals(retagged.source()));
        assertCountedFacetsOf("theme=" + otherThemes[0] + "&source=a-new-source",
                paper -> carries(paper, otherThemes[0]) && paper.source().equals("a-new-source"));
        for (String source : SOURCES) {
            assertCountedFacetsOf("source=" + source, paper -> paper.source().equals(source));
        }
    }

    // ---- facets oracle -----------------------------------------------------------------------------------------

    /** Facets of a filter the counters answer: exact, whatever the number of matches. */
    private void assertCountedFacetsOf(String filters, Predicate<PaperEnriched> matching) {
        JsonPath page = facetsPage(filters);
        assertThat(page.getBoolean("facetsExact")).as(filters).isTrue();
        assertFacets(page, matching);
        // the listing's total: from the same counters (themes, minRelated, source), exact
        assertThat(page.getLong("total")).as("total of %s", filters)
                .isEqualTo(LOADED.values().stream().filter(matching).count());
        assertThat(page.getBoolean("totalExact")).as("totalExact of %s", filters).isTrue();
    }

    /**
     * Facets of a filter read from the matching rows: exact when at most facets.count-limit papers match, else
     * counted over count-limit + 1 of the matches (which ones is the database's choice): every count at most the
     * records' count, the sources adding up to the papers counted (every loaded paper has one). Returns whether
     * the facets were exact.
     */
    private boolean assertFacetsOf(String filters, Predicate<PaperEnriched> matching) {
        JsonPath page = facetsPage(filters);
        long matches = LOADED.values().stream().filter(matching).count();
        if (matches <= FACETS_COUNT_LIMIT) {
            assertThat(page.getBoolean("facetsExact")).as(filters).isTrue();
            assertThat(page.getMap("")).as(filters).doesNotContainKey("facetsCounted");
            assertFacets(page, matching);
            return true;
        }
        assertThat(page.getBoolean("facetsExact")).as(filters).isFalse();
        assertThat(page.getLong("facetsCounted")).as(filters).isEqualTo(FACETS_COUNT_LIMIT + 1);
        Counts expected = counts(matching);
        Map<String, Long> themes = entries(page.getList("facets.theme"), "slug").stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Long> sources = entries(page.getList("facets.source"), "value").stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        themes.forEach((slug, count) -> assertThat(count).as("%s: theme %s", filters, slug)
                .isLessThanOrEqualTo(expected.themes().getOrDefault(slug, 0L)));
        sources.forEach((source, count) -> assertThat(count).as("%s: source %s", filters, source)
                .isLessThanOrEqualTo(expected.sources().getOrDefault(source, 0L)));
        assertThat(sources.values().stream().mapToLong(Long::longValue).sum()).as(filters)
                .isEqualTo(FACETS_COUNT_LIMIT + 1);
        return false;
    }

    private static JsonPath facetsPage(String filters) {
        JsonPath page = ok(given().urlEncodingEnabled(false).get("/papers?limit=3&facets=theme,source&" + filters));
        assertThat(page.getList("items")).as(filters).hasSizeLessThanOrEqualTo(3);
        return page;
    }

    private record Counts(Map<String, Long> themes, Map<String, Long> sources) {
    }

    /** Papers per theme and per source among the loaded records that match. */
    private static Counts counts(Predicate<PaperEnriched> matching) {
        Map<String, Long> themes = new TreeMap<>();
        Map<String, Long> sources = new TreeMap<>();
        for (PaperEnriched paper : LOADED.values()) {
            if (matching.test(paper)) {
                paper.themes().forEach(theme -> themes.merge(theme.slug(), 1L, Long::sum));
                sources.merge(paper.source(), 1L, Long::sum);
            }
        }
        return new Counts(themes, sources);
    }

    private static void assertFacets(JsonPath page, Predicate<PaperEnriched> matching) {
        Counts expected = counts(matching);
        assertThat(entries(page.getList("facets.theme"), "slug")).as("theme facet")
                .containsExactlyElementsOf(ranked(expected.themes()));
        assertThat(entries(page.getList("facets.source"), "value")).as("source facet")
                .containsExactlyElementsOf(ranked(expected.sources()));
    }

    /** Largest count first, then the key; no zero counts. */
    private static List<Map.Entry<String, Long>> ranked(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    private static List<Map.Entry<String, Long>> entries(List<Map<String, Object>> facet, String key) {
        assertThat(facet).isNotNull();
        return facet.stream().map(v -> Map.entry((String) v.get(key), ((Number) v.get("count")).longValue())).toList();
    }

    private static boolean carries(PaperEnriched paper, String slug) {
        return paper.themes().stream().anyMatch(theme -> theme.slug().equals(slug));
    }

    /** Other loaded papers sharing at least one theme. */
    private static long related(PaperEnriched paper) {
        Set<String> slugs = paper.themes().stream().map(ThemeTag::slug).collect(Collectors.toSet());
        if (slugs.isEmpty()) {
            return 0;
        }
        return LOADED.values().stream().filter(other -> !other.id().equals(paper.id()))
                .filter(other -> other.themes().stream().anyMatch(theme -> slugs.contains(theme.slug()))).count();
    }

    /** A threshold that splits the papers: the median of relatedPapers. */
    private static long minRelatedThreshold() {
        long[] related = LOADED.values().stream().mapToLong(FacetsAndSimilarTest::related).sorted().toArray();
        return related[related.length / 2];
    }

    /** The loaded papers a web-search query matches, by PostgreSQL's parser over each record's own text. */
    private Set<String> matchingText(String query) {
        Set<String> matching = ranksOf(query).keySet();
        assertThat(matching).as("papers matching %s", query).isNotEmpty().hasSizeLessThan(LOADED.size());
        return matching;
    }

    /**
     * The loaded papers a web-search query matches, each with its ts_rank_cd against a vector built from the
     * record's own text as relevance is defined (title weight A, summary B), by PostgreSQL's parser.
     */
    private Map<String, Float> ranksOf(String query) {
        List<PaperEnriched> papers = List.copyOf(LOADED.values());
        Map<String, Float> ranks = new HashMap<>();
        String sql = """
                SELECT t.i, ts_rank_cd(setweight(to_tsvector('english', t.title), 'A')
                                       || setweight(to_tsvector('english', t.summary), 'B'), q.query)
                FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(title, summary, i)
                CROSS JOIN websearch_to_tsquery('english', ?) AS q(query)
                WHERE (to_tsvector('english', t.title) || to_tsvector('english', t.summary)) @@ q.query
                """;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", papers.stream().map(PaperEnriched::title).toArray()));
            statement.setArray(2, connection.createArrayOf("text",
                    papers.stream().map(PaperEnriched::summary).toArray()));
            statement.setString(3, query);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ranks.put(papers.get(rows.getInt(1) - 1).id(), rows.getFloat(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ranks;
    }

    // ---- similarity oracle --------------------------------------------------------------------------------------

    /** Each loaded paper's distinct lexemes, from PostgreSQL's english parser over the record's own text. */
    private Map<String, Set<String>> lexemes() {
        List<PaperEnriched> papers = List.copyOf(LOADED.values());
        Map<String, Set<String>> lexemes = new HashMap<>();
        String sql = """
                SELECT t.i, tsvector_to_array(to_tsvector('english', t.title) || to_tsvector('english', t.summary))
                FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(title, summary, i)
                """;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", papers.stream().map(PaperEnriched::title).toArray()));
            statement.setArray(2, connection.createArrayOf("text",
                    papers.stream().map(PaperEnriched::summary).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lexemes.put(papers.get(rows.getInt(1) - 1).id(),
                            new HashSet<>(Arrays.asList((String[]) rows.getArray(2).getArray())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return lexemes;
    }

    /** Scores every pair: sum over the shared lexemes of ln(N / df), df over the loaded papers. */
    private static final class Oracle {

        record Scored(String id, double score) {
        }

        private final Map<String, Set<String>> lexemes;
        private final Map<String, Integer> docs = new HashMap<>();

        Oracle(Map<String, Set<String>> lexemes) {
            this.lexemes = lexemes;
            lexemes.values().forEach(terms -> terms.forEach(term -> docs.merge(term, 1, Integer::sum)));
        }

        double idf(String term) {
            return Math.log((double) lexemes.size() / docs.get(term));
        }

        Set<String> shared(String a, String b) {
            Set<String> shared = new HashSet<>(lexemes.get(a));
            shared.retainAll(lexemes.get(b));
            return shared;
        }

        boolean holdsAny(String paper, Set<String> terms) {
            return terms.stream().anyMatch(lexemes.get(paper)::contains);
        }

        /**
         * The production rule of the finders (TermSelection.queryTerms) over this oracle's df: terms of positive
         * weight, rarest first then by term, at most maxTerms while their df add up to at most maxPostings (the
         * rarest always).
         */
        Set<String> finders(String paper, int maxTerms, long maxPostings) {
            List<String> rarestFirst = lexemes.get(paper).stream().filter(term -> idf(term) > 0)
                    .sorted(Comparator.comparingInt((String term) -> docs.get(term)).thenComparing(term -> term))
                    .toList();
            Set<String> chosen = new HashSet<>();
            long postings = 0;
            for (String term : rarestFirst) {
                if (chosen.size() >= maxTerms || (!chosen.isEmpty() && postings + docs.get(term) > maxPostings)) {
                    break;
                }
                chosen.add(term);
                postings += docs.get(term);
            }
            return chosen;
        }

        /**
         * The production rule of the paired finders over this oracle's df: after the alone ones, the next rarest of
         * positive weight (then by term), at most maxTerms while their df add up to at most maxPostings; none if fewer
         * than two.
         */
        Set<String> paired(String paper, Set<String> alone, int maxTerms, long maxPostings) {
            List<String> rarestFirst = lexemes.get(paper).stream().filter(term -> idf(term) > 0)
                    .filter(term -> !alone.contains(term))
                    .sorted(Comparator.comparingInt((String term) -> docs.get(term)).thenComparing(term -> term))
                    .toList();
            Set<String> chosen = new HashSet<>();
            long postings = 0;
            for (String term : rarestFirst) {
                if (chosen.size() >= maxTerms || postings + docs.get(term) > maxPostings) {
                    break;
                }
                chosen.add(term);
                postings += docs.get(term);
            }
            return chosen.size() < 2 ? Set.of() : chosen;
        }

        boolean holdsAtLeastTwo(String paper, Set<String> terms) {
            return terms.stream().filter(lexemes.get(paper)::contains).limit(2).count() == 2;
        }

        double score(String a, String b) {
            return shared(a, b).stream().mapToDouble(this::idf).sum();
        }

        /** Every other paper with a positive score, best first (ties by id, byte order). */
        List<Scored> ranking(String id) {
            return lexemes.keySet().stream().filter(other -> !other.equals(id))
                    .map(other -> new Scored(other, score(id, other))).filter(s -> s.score() > 0)
                    .sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id))
                    .toList();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private long countedPapers() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT papers FROM term_df_state");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /** The body, its decimals read as doubles (RestAssured's default reads them as floats: 7 digits). */
    private static JsonPath ok(Response response) {
        response.then().statusCode(200);
        return response.jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE));
    }

    private static void problem(Response response, int status, String parameter) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        JsonPath body = response.jsonPath();
        assertThat(body.getInt("status")).isEqualTo(status);
        assertThat(body.getString("detail")).isNotBlank();
        if (parameter != null) {
            assertThat(body.getString("type")).isEqualTo("urn:paperstream:problem:invalid-parameter");
            assertThat(body.getString("parameter")).isEqualTo(parameter);
        }
    }
}
