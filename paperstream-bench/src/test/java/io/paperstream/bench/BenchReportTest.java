package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class BenchReportTest {

    private static final MachineInfo MACHINE = new MachineInfo(2, 24_000, "OpenJDK 17", "PostgreSQL 14", "Linux");

    @Test
    void ratiosAndVerdicts() {
        assertThat(BenchReport.relative(4_100.0, 10_000.0, "raw_upsert", 0.5))
                .isEqualTo("= 0.41 × raw_upsert; target ≥ 0.5 × raw_upsert: missed");
        assertThat(BenchReport.relative(6_000.0, 10_000.0, "raw_produce", 0.5)).endsWith("met");
        assertThat(BenchReport.relative(6_000.0, null, "raw_produce", 0.5)).contains("raw_produce not measured");
        assertThat(BenchReport.verdict(180.0, 200, false)).isEqualTo("met");
        assertThat(BenchReport.verdict(19_999.0, 20_000, true)).isEqualTo("missed");
        assertThat(BenchReport.verdict(null, 20_000, true)).isEqualTo("not measured");
    }

    @Test
    void jsonHasExactlyTheAgreedKeys() {
        Map<String, ProcessMemory.Usage> memory = new LinkedHashMap<>();
        memory.put("ingest", new ProcessMemory.Usage(11, 231.44, 200, 2.5));
        memory.put("kafka", new ProcessMemory.Usage(12, 340, 330, Double.NaN));
        BenchResults results = new BenchResults(30_000.0, null, new BenchResults.Latency(20, 80, 150), 60_000.0,
                12_345.67, memory, new BenchResults.QueryLatency(4, 5, 9), MACHINE);

        JsonNode json = results.toJson();

        assertThat(json.fieldNames()).toIterable().containsExactly("ingest_papers_per_s", "e2e_papers_per_s",
                "freshness_ms", "raw_produce_per_s", "raw_upsert_rows_per_s", "rss_mb", "query_p95_ms", "machine");
        assertThat(json.get("e2e_papers_per_s").isNull()).isTrue();
        assertThat(json.get("raw_upsert_rows_per_s").asDouble()).isEqualTo(12_345.7);
        assertThat(json.get("freshness_ms").fieldNames()).toIterable().containsExactly("p50", "p95", "p99");
        assertThat(json.get("rss_mb").get("ingest").get("peak").asDouble()).isEqualTo(231.4);
        assertThat(json.get("rss_mb").get("ingest").get("startup_s").asDouble()).isEqualTo(2.5);
        assertThat(json.get("rss_mb").get("kafka").has("startup_s")).isFalse();
        assertThat(json.get("query_p95_ms").fieldNames()).toIterable().containsExactly("list", "theme", "search");
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    }

    @Test
    void printsEveryFigureWithItsTarget() {
        BenchResults results = new BenchResults(30_000.0, 5_000.0, new BenchResults.Latency(20, 80, 250), 50_000.0,
                12_000.0, Map.of("query", new ProcessMemory.Usage(13, 310, 300, 3.1)), null, MACHINE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BenchReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), results, BenchOptions.parse());

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("= 0.60 × raw_produce; target ≥ 0.5 × raw_produce: met")
                .contains("= 0.42 × raw_upsert; target ≥ 0.5 × raw_upsert: missed; target ≥ 20,000/s: missed")
                .contains("p50 ≤ 50: met, p99 ≤ 200: missed")
                .contains("target ≤ 300 MB: missed")
                .contains("query_p95_ms           not measured");
    }
}
