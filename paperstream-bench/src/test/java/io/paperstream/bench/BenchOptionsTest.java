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
