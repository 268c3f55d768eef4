package io.paperstream.query;

import static io.restassured.RestAssured.given;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.ThemeTag;
import io.paperstream.query.testing.CatalogTopics;
import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@QuarkusTestResource(value = PerfScratch.Preload.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class PerfScratch {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    static final Map<String, List<String>> KEYWORDS = Map.ofEntries(
            Map.entry("reinforcement-learning", List.of("reinforcement learning", "policy optimization", "rlhf", "grpo", "ppo", "bandit")),
            Map.entry("reward-modeling", List.of("reward model", "preference model", "reward hacking")),
            Map.entry("llm-agents", List.of("llm agent", "agentic", "language agent", "autonomous agent")),
            Map.entry("multi-agent-systems", List.of("multi-agent", "multiagent", "multiple agents")),
            Map.entry("tool-use", List.of("tool use", "tool-use", "function calling", "api call")),
            Map.entry("evaluation-benchmarks", List.of("benchmark", "leaderboard", "evaluation suite")),
            Map.entry("reasoning", List.of("reasoning", "chain-of-thought", "chain of thought")),
            Map.entry("distillation", List.of("distillation", "teacher-student", "distill")),
            Map.entry("multilingual", List.of("multilingual", "cross-lingual", "low-resource language", "translation")),
            Map.entry("causal-inference", List.of("causal", "counterfactual", "treatment effect")),
            Map.entry("alignment-safety", List.of("alignment", "jailbreak", "red-teaming", "safety")),
            Map.entry("retrieval-augmentation", List.of("retrieval-augmented", "retrieval augmented", "retriever", "rag ")),
            Map.entry("knowledge-graphs", List.of("knowledge graph", "ontology")),
            Map.entry("synthetic-data", List.of("synthetic data", "data augmentation", "generated data")),
            Map.entry("efficiency", List.of("quantization", "pruning", "sparsity", "efficient inference", "compression")),
            Map.entry("multimodal", List.of("vision-language", "multimodal", "multi-modal")),
            Map.entry("interpretability", List.of("interpretability", "probing", "attribution")),
            Map.entry("uncertainty-calibration", List.of("uncertainty", "calibration", "conformal")),
            Map.entry("code-generation", List.of("code generation", "program synthesis", "software engineering")),
            Map.entry("dialogue", List.of("dialogue", "multi-turn", "conversation")),
            Map.entry("robotics-embodied", List.of("robot", "embodied", "manipulation", "navigation")),
            Map.entry("computer-vision", List.of("image segmentation", "object detection", "diffusion model", "image generation")),
            Map.entry("model-collapse", List.of("model collapse")),
            Map.entry("model-merging", List.of("model merging", "weight averaging")));

    public static class Preload implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {
        static long producedAt;
        static int count;
        @Override
        public Map<String, String> start() {
            try { count = produce(); } catch (Exception e) { throw new RuntimeException(e); }
            producedAt = System.nanoTime();
            return Map.of();
        }
        @Override
        public void stop() { }
    }

    static int produce() throws Exception {
        Path data = Path.of("../../shared/data/arxiv-abstracts-100k.txt.gz");
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaBrokerResource.bootstrapServers());
        props.put("linger.ms", "20");
        props.put("batch.size", "262144");
        props.put("compression.type", "lz4");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("papers.enriched", 3, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        int n = 0;
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
                BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
            String title;
            int limit = Integer.getInteger("perf.papers", 100_000);
            while (n < limit && (title = in.readLine()) != null) {
                String summary = in.readLine();
                String text = (title + " " + summary).toLowerCase(Locale.ROOT);
                List<ThemeTag> tags = new ArrayList<>();
                KEYWORDS.forEach((slug, words) -> {
                    long hits = words.stream().filter(text::contains).count();
                    if (hits > 0) {
                        tags.add(new ThemeTag(slug, slug, Math.min(1, 0.3 * hits), words.stream().filter(text::contains).toList(), 0));
                    }
                });
                Instant at = base.plusMillis(n * 10L);
                PaperEnriched p = new PaperEnriched(1, PaperId.fromTitle(title), title, summary, Map.of(), "d", n % 10 == 0 ? "blog" : "arxiv", n, at, tags, 0, at.plusSeconds(1), "v1");
                producer.send(new ProducerRecord<>("papers.enriched", p.id(), CatalogTopics.json(p)));
                n++;
            }
            producer.flush();
        }
        return n;
    }

    @Test
    void measure() throws Exception {
        long start = Preload.producedAt;
        int n = Preload.count;
        long total = given().get("/stats").jsonPath().getLong("papers");
        while (total < n - 200) {
            Thread.sleep(200);
            total = given().get("/stats").jsonPath().getLong("papers");
        }
        long done = System.nanoTime();
        System.out.printf("PERF preloaded backlog of %d materialized in %d ms since quarkus start began (%.0f papers/s)%n", total, (done - start) / 1_000_000, total * 1e9 / (done - start));
        measureRest(start, n);
    }

    void measureRest(long start, int n) throws Exception {
        int expected = n;
        long total = 0;
        while (total < expected - 200) {
            Thread.sleep(500);
            total = given().get("/stats").jsonPath().getLong("papers");
        }
        long done = System.nanoTime();
        System.out.printf("PERF materialized ~%d in %d ms since first produce (%.0f papers/s)%n", total, (done - start) / 1_000_000, total * 1e9 / (done - start));
        long searchable = given().get("/stats").jsonPath().getLong("searchPending");
        while (searchable > 0 && !"false".equals(System.getProperty("paperstream.query.search.index-enabled"))) {
            Thread.sleep(500);
            searchable = given().get("/stats").jsonPath().getLong("searchPending");
        }
        System.out.printf("PERF searchable after %d ms since first produce%n", (System.nanoTime() - start) / 1_000_000);
        Thread.sleep(3000);
        System.out.println("PERF stats " + given().get("/stats").asString());
        given().get("/q/metrics").asString().lines().filter(l -> l.startsWith("paperstream_query_batch")
                && (l.contains("_count") || l.contains("_sum") || l.contains("_max"))).forEach(l -> System.out.println("PERF " + l));
        if (Boolean.getBoolean("perf.skipQueries")) return;
        String[] queries = {"/papers", "/papers?theme=reinforcement-learning", "/papers?theme=model-collapse", "/papers?q=diffusion",
                "/papers?q=language%20model", "/papers?q=quantization", "/papers?q=diffusion&sort=relevance", "/papers?theme=reasoning&theme=llm-agents",
                "/papers?theme=reasoning&theme=llm-agents&themeMatch=any", "/papers?sort=related", "/papers?minRelated=30000", "/papers?sort=title",
                "/papers?source=blog", "/papers?q=model", "/papers?q=model&sort=relevance", "/papers/" + PaperId.fromTitle("Extending Kernel Trick to Influence Functions") + "/related",
                "/themes", "/papers?limit=200"};
        for (String q : queries) {
            for (int i = 0; i < 50; i++) given().get(q).then().statusCode(200);
            long[] t = new long[200];
            String cursor = null;
            for (int i = 0; i < t.length; i++) {
                long s = System.nanoTime();
                var r = given().get(q + (q.contains("?") ? "&" : "?") + (cursor != null && i % 2 == 1 ? "cursor=" + cursor : "limit=20"));
                t[i] = System.nanoTime() - s;
                if (r.statusCode() != 200) throw new AssertionError(q + " " + r.asString());
                if (q.startsWith("/papers?") || q.equals("/papers")) cursor = r.jsonPath().getString("nextCursor");
            }
            Arrays.sort(t);
            System.out.printf("PERF %-60s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms%n", q, t[100] / 1e6, t[190] / 1e6, t[199] / 1e6);
        }
    }
}
