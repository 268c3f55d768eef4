package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CpuPerPaperTest {

    private static final double EPSILON = 1e-9;

    @Test
    void millisecondsPerPaperBetweenTwoSamplesWithInstancesSummedAndTheBenchmarkLeftOutOfTheTotal() {
        Map<String, Double> before = Map.of("ingest", 10.0, "enrich", 20.0, "enrich-2", 5.0, "query", 30.0,
                "kafka", 40.0, "postgresql", 50.0, "bench", 1.0);
        Map<String, Double> after = Map.of("ingest", 12.0, "enrich", 26.0, "enrich-2", 9.0, "query", 33.0,
                "kafka", 44.0, "postgresql", 55.0, "bench", 3.0);

        CpuPerPaper cpu = CpuPerPaper.between(before, after, 20_000);

        // seconds used × 1000 / 20,000 papers
        assertThat(cpu.services()).containsOnlyKeys("ingest", "enrich", "query", "kafka", "postgresql");
        assertThat(cpu.services().get("ingest")).isCloseTo(0.1, within(EPSILON));
        assertThat(cpu.services().get("enrich")).isCloseTo(0.5, within(EPSILON)); // (6 + 4) s
        assertThat(cpu.services().get("query")).isCloseTo(0.15, within(EPSILON));
        assertThat(cpu.services().get("kafka")).isCloseTo(0.2, within(EPSILON));
        assertThat(cpu.services().get("postgresql")).isCloseTo(0.25, within(EPSILON));
        assertThat(cpu.bench()).isCloseTo(0.1, within(EPSILON));
        assertThat(cpu.total()).isCloseTo(1.2, within(EPSILON)); // 24 s without the benchmark's 2
    }

    @Test
    void theJitShareIsReportedApartAndNotCountedTwiceInTheTotal() {
        Map<String, Double> before = Map.of("enrich", 20.0, "query", 30.0, "jit", 3.0, "bench", 1.0);
        Map<String, Double> after = Map.of("enrich", 26.0, "query", 34.0, "jit", 5.5, "bench", 2.0);

        CpuPerPaper cpu = CpuPerPaper.between(before, after, 10_000);

        // the compiler threads' 2.5 s are inside enrich's 6 s and query's 4 s already
        assertThat(cpu.total()).isCloseTo(1.0, within(EPSILON));
        assertThat(cpu.jit()).isCloseTo(0.25, within(EPSILON));
        assertThat(cpu.services()).doesNotContainKey("jit");
    }

    @Test
    void aProcessNotSampledTwiceIsLeftOutNotGuessed() {
        Map<String, Double> before = Map.of("ingest", 10.0, "query", 30.0, "enrich", 50.0);
        // query-2 started in between; enrich restarted under the same pid file (its counter began again)
        Map<String, Double> after = Map.of("ingest", 11.0, "query", 31.0, "query-2", 7.0, "enrich", 2.0);

        CpuPerPaper cpu = CpuPerPaper.between(before, after, 1_000);

        assertThat(cpu.services().get("ingest")).isCloseTo(1.0, within(EPSILON));
        assertThat(cpu.services().get("query")).isCloseTo(1.0, within(EPSILON));
        assertThat(cpu.services().get("enrich")).isNull();
        assertThat(cpu.services().get("kafka")).isNull();
        assertThat(cpu.bench()).isNull();
        assertThat(cpu.jit()).isNull();
        assertThat(cpu.total()).isCloseTo(2.0, within(EPSILON));
    }

    @Test
    void nothingSampledGivesNoTotalAndNoPapersIsRefused() {
        CpuPerPaper cpu = CpuPerPaper.between(Map.of(), Map.of("bench", 4.0), 10);

        assertThat(cpu.total()).isNull();
        assertThat(cpu.services().values()).containsOnlyNulls();
        assertThatThrownBy(() -> CpuPerPaper.between(Map.of(), Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
