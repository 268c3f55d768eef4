package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
                12_345.67, null, null, null, memory, null, new BenchResults.QueryLatency(4, 5, 9), MACHINE);

        JsonNode json = results.toJson();

        assertThat(json.fieldNames()).toIterable().containsExactly("ingest_papers_per_s", "e2e_papers_per_s",
                "freshness_ms", "raw_produce_per_s", "raw_upsert_rows_per_s", "e2e_vs_raw_upsert", "raw_cpu_ms_per_record",
                "e2e_ceiling_papers_per_s", "e2e_ceiling_vs_raw_upsert", "cpu_ms_per_paper", "freshness_curve",
                "rss_mb", "catalog_papers", "query_p95_ms", "machine");
        assertThat(json.get("e2e_papers_per_s").isNull()).isTrue();
        assertThat(json.get("e2e_vs_raw_upsert").isNull()).isTrue(); // no e2e figure, no ratio
        assertThat(json.get("cpu_ms_per_paper").isNull()).isTrue();
        assertThat(json.get("freshness_curve").isNull()).isTrue();
        assertThat(json.get("catalog_papers").isNull()).isTrue();
        assertThat(json.get("raw_upsert_rows_per_s").asDouble()).isEqualTo(12_345.7);
        assertThat(json.get("freshness_ms").fieldNames()).toIterable().containsExactly("p50", "p95", "p99");
        assertThat(json.get("rss_mb").get("ingest").get("peak").asDouble()).isEqualTo(231.4);
        assertThat(json.get("rss_mb").get("ingest").get("current").asDouble()).isEqualTo(200.0);
        assertThat(json.get("rss_mb").get("ingest").get("startup_s").asDouble()).isEqualTo(2.5);
        assertThat(json.get("rss_mb").get("kafka").has("startup_s")).isFalse();
        assertThat(json.get("query_p95_ms").fieldNames()).toIterable().containsExactly("list", "theme", "search");
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    }

    @Test
    void printsEveryFigureWithItsTarget() {
        BenchResults results = new BenchResults(30_000.0, 5_000.0, new BenchResults.Latency(20, 80, 250), 50_000.0,
                12_000.0, null, null, null, Map.of("query", new ProcessMemory.Usage(13, 310, 300, 3.1)), 123_456L,
                null, MACHINE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BenchReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), results, BenchOptions.parse());

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("= 0.60 × raw_produce; target ≥ 0.5 × raw_produce: met")
                .contains("= 0.42 × raw_upsert; target ≥ 0.5 × raw_upsert: missed; target ≥ 20,000/s: missed")
                .contains("p50 ≤ 50: met, p99 ≤ 200: missed")
                .contains("target ≤ 300 MB: missed")
                .contains("query_p95_ms           not measured")
                .contains("e2e_vs_raw_upsert        0.417  target ≥ 0.5: missed")
                .contains("cpu_ms_per_paper       not measured")
                .contains("e2e_ceiling            not measured")
                .contains("freshness_curve        not measured")
                .contains("catalog_papers         123,456 at the end");
    }

    @Test
    void writtenJsonCarriesTheNewFiguresOfTheIssue(@TempDir Path dir) throws IOException {
        Map<String, Double> before = Map.of("ingest", 1.0, "enrich", 2.0, "enrich-2", 2.0, "query", 3.0, "kafka", 4.0,
                "postgresql", 5.0, "bench", 6.0, "jit", 1.0);
        Map<String, Double> after = Map.of("ingest", 3.0, "enrich", 8.0, "enrich-2", 6.0, "query", 7.0, "kafka", 9.0,
                "postgresql", 11.0, "bench", 7.0, "jit", 5.0);
        CpuPerPaper cpu = CpuPerPaper.between(before, after, 20_000); // 2, 10, 4, 5, 6 s; bench 1 s
        List<BenchResults.CurvePoint> curve = List.of(
                new BenchResults.CurvePoint(0.10, 108, new BenchResults.Latency(12.34, 30, 45.67)),
                new BenchResults.CurvePoint(0.25, 269, null));
        Map<String, ProcessMemory.Usage> memory = new LinkedHashMap<>();
        memory.put("enrich", new ProcessMemory.Usage(21, 380.04, 250.06, 4.2));
        memory.put("enrich-2", new ProcessMemory.Usage(22, 370, 240, Double.NaN));
        // two produces at 0.02 + 0.01 ms and an upsert at 0.03 + 0.07 ms: 0.16 ms a paper at the least
        RawCosts raw = new RawCosts(0.02, 0.01, 0.03, 0.07);
        BenchResults results = new BenchResults(10_000.0, 1_077.0, null, 60_000.0, 12_874.0, raw, cpu, curve, memory,
                200_000L, null, MACHINE);
        Path file = dir.resolve("bench/results.json");

        results.write(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());

        assertThat(json.get("e2e_vs_raw_upsert").asDouble()).isEqualTo(0.084); // 1,077 / 12,874 = 0.08366
        assertThat(json.get("raw_cpu_ms_per_record").get("pipeline_floor").asDouble()).isEqualTo(0.16);
        assertThat(json.get("raw_cpu_ms_per_record").get("upsert_postgresql").asDouble()).isEqualTo(0.07);
        assertThat(json.get("e2e_ceiling_papers_per_s").asDouble()).isEqualTo(12_500); // 2 cores × 1000 / 0.16
        assertThat(json.get("e2e_ceiling_vs_raw_upsert").asDouble()).isEqualTo(0.971); // 12,500 / 12,874
        JsonNode cpuJson = json.get("cpu_ms_per_paper");
        assertThat(cpuJson.fieldNames()).toIterable().containsExactly("ingest", "enrich", "query", "kafka",
                "postgresql", "total", "bench", "jit");
        assertThat(cpuJson.get("ingest").asDouble()).isEqualTo(0.1);
        assertThat(cpuJson.get("enrich").asDouble()).isEqualTo(0.5); // both instances: (6 + 4) s / 20,000
        assertThat(cpuJson.get("query").asDouble()).isEqualTo(0.2);
        assertThat(cpuJson.get("kafka").asDouble()).isEqualTo(0.25);
        assertThat(cpuJson.get("postgresql").asDouble()).isEqualTo(0.3);
        assertThat(cpuJson.get("total").asDouble()).isEqualTo(1.35); // 27 s, the benchmark's 1 s left out
        assertThat(cpuJson.get("bench").asDouble()).isEqualTo(0.05);
        assertThat(cpuJson.get("jit").asDouble()).isEqualTo(0.2); // 4 s of compiling, inside the 27 s
        JsonNode curveJson = json.get("freshness_curve");
        assertThat(curveJson).hasSize(2);
        assertThat(curveJson.get(0).fieldNames()).toIterable().containsExactly("load_fraction", "offered_per_s", "p50",
                "p95", "p99");
        assertThat(curveJson.get(0).get("load_fraction").asDouble()).isEqualTo(0.1);
        assertThat(curveJson.get(0).get("offered_per_s").asDouble()).isEqualTo(108);
        assertThat(curveJson.get(0).get("p50").asDouble()).isEqualTo(12.3);
        assertThat(curveJson.get(0).get("p99").asDouble()).isEqualTo(45.7);
        assertThat(curveJson.get(1).get("load_fraction").asDouble()).isEqualTo(0.25);
        assertThat(curveJson.get(1).get("p50").isNull()).isTrue();
        assertThat(curveJson.get(1).get("p99").isNull()).isTrue();
        assertThat(json.get("rss_mb").get("enrich").get("peak").asDouble()).isEqualTo(380.0);
        assertThat(json.get("rss_mb").get("enrich").get("current").asDouble()).isEqualTo(250.1);
        assertThat(json.get("rss_mb").get("enrich-2").get("current").asDouble()).isEqualTo(240.0);
        assertThat(json.get("catalog_papers").asLong()).isEqualTo(200_000);
        assertThat(json.get("freshness_ms").isNull()).isTrue();
    }

    @Test
    void printsTheCpuTargetAgainstTheBaselineAndTheCurveTargets() {
        CpuPerPaper cpu = new CpuPerPaper(Map.of("enrich", 0.3), 0.02, 0.4, 0.1);

        assertThat(BenchReport.cpu(cpu, 1.7)).contains("enrich 0.300").contains("total 0.400 (of which JIT compiling 0.100")
                .endsWith("target ≤ 0.25 × 1.700 = 0.425: met");
        assertThat(BenchReport.cpu(cpu, null)).contains("--baseline-cpu-ms");
        assertThat(BenchReport.curvePoint(new BenchResults.CurvePoint(0.25, 269,
                new BenchResults.Latency(40, 150, 210)))).endsWith("targets: p50 ≤ 50: met, p99 ≤ 200: missed");
        assertThat(BenchReport.curvePoint(new BenchResults.CurvePoint(0.75, 808,
                new BenchResults.Latency(300, 700, 900)))).endsWith("targets: p99 ≤ 1000: met");
        assertThat(BenchReport.curvePoint(new BenchResults.CurvePoint(0.50, 539, null)))
                .endsWith("not measured").doesNotContain("targets");
        assertThat(BenchReport.curvePoint(new BenchResults.CurvePoint(0.75, 808, null)))
                .endsWith("targets: p99 ≤ 1000: not measured");
    }
}
