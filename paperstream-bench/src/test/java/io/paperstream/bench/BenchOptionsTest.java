package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsMatchTheLocalStack() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.papers()).isEqualTo(20_000);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.ingestUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(options.queryUrl()).isEqualTo("http://127.0.0.1:8083");
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.out()).isEqualTo(Path.of("var/bench/results.json"));
        assertThat(options.freshnessPapers()).isEqualTo(options.rate() * options.freshnessSeconds());
        assertThat(options.skip()).isEmpty();
        assertThat(options.curveFractions()).containsExactly(0.10, 0.25, 0.50, 0.75);
        assertThat(options.curveSeconds()).isEqualTo(10);
        assertThat(options.baselineCpuMs()).isNull();
    }

    @Test
    void takesTheCurveFractionsTheBaselineAndSkipsTheCurve() {
        BenchOptions options = BenchOptions.parse("--curve-fractions", "0.5, 0.9,1.2", "--curve-seconds=5",
                "--baseline-cpu-ms", "1.705", "--skip", "freshness-curve");

        assertThat(options.curveFractions()).containsExactly(0.5, 0.9, 1.2);
        assertThat(options.curveSeconds()).isEqualTo(5);
        assertThat(options.baselineCpuMs()).isEqualTo(1.705);
        assertThat(options.runs(Phase.FRESHNESS_CURVE)).isFalse();
        assertThat(options.runs(Phase.FRESHNESS)).isTrue();
        assertThatThrownBy(() -> BenchOptions.parse("--curve-fractions", "0.5,-1")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> BenchOptions.parse("--curve-fractions", "half")).hasMessageContaining("a number");
        assertThatThrownBy(() -> BenchOptions.parse("--curve-fractions", ",")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> BenchOptions.parse("--baseline-cpu-ms", "0")).hasMessageContaining("above 0");
    }

    @Test
    void takesBothSpellingsAndSkipsPhases() {
        BenchOptions options = BenchOptions.parse("--papers", "5_000", "--rate=200", "--query-url",
                "http://localhost:9000/", "--skip", "raw-produce,freshness");

        assertThat(options.papers()).isEqualTo(5_000);
        assertThat(options.rate()).isEqualTo(200);
        assertThat(options.queryUrl()).isEqualTo("http://localhost:9000");
        assertThat(options.runs(Phase.RAW_PRODUCE)).isFalse();
        assertThat(options.runs(Phase.FRESHNESS)).isFalse();
        assertThat(options.runs(Phase.THROUGHPUT)).isTrue();
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> BenchOptions.parse("--papres", "10")).hasMessageContaining("--papres");
        assertThatThrownBy(() -> BenchOptions.parse("--papers", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("--papers", "many")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchOptions.parse("--rate")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--skip", "warp")).hasMessageContaining("unknown phase");
        assertThatThrownBy(() -> BenchOptions.parse("papers")).hasMessageContaining("unexpected argument");
    }
}
