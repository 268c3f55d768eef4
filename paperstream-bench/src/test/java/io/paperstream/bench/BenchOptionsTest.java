package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    /** The services' own files, read here as a reader of the checkout would. */
    private static final Path ROOT = StackDefaults.checkout();

    @Test
    void defaultsAreWhereBinPaperstreamStartsTheStack() throws IOException {
        BenchOptions options = BenchOptions.parse(new StackDefaults(ROOT, Map.of()));

        assertThat(options.papers()).isEqualTo(20_000);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.ingestUrl()).isEqualTo("http://127.0.0.1:" + property("ingest-service", "quarkus.http.port"));
        assertThat(options.queryUrl()).isEqualTo("http://127.0.0.1:" + property("query-service", "quarkus.http.port"));
        assertThat(options.bootstrapServers()).isEqualTo(property("ingest-service", "kafka.bootstrap.servers"));
        assertThat(options.jdbcUrl()).isEqualTo(property("query-service", "quarkus.datasource.jdbc.url"));
        assertThat(options.out()).isEqualTo(ROOT.resolve("var/bench/results.json"));
        assertThat(options.runDir()).isEqualTo(ROOT.resolve("var/run"));
        assertThat(options.data().getFileName()).hasToString(StackDefaults.CORPUS);
        assertThat(options.freshnessPapers()).isEqualTo(options.rate() * options.freshnessSeconds());
        assertThat(options.skip()).isEmpty();
        assertThat(options.curveFractions()).containsExactly(0.10, 0.25, 0.50, 0.75);
        assertThat(options.curveSeconds()).isEqualTo(10);
        assertThat(options.baselineCpuMs()).isNull();
    }

    @Test
    void theStacksVariablesMoveTheDefaultsAsTheyMoveTheStack() {
        Path var = Path.of("/tmp/elsewhere");
        BenchOptions options = BenchOptions.parse(new StackDefaults(ROOT, Map.of("PAPERSTREAM_INGEST_PORT", "18081",
                "PAPERSTREAM_QUERY_PORT", "18083", "PAPERSTREAM_KAFKA_PORT", "19092", "PAPERSTREAM_POSTGRES_PORT",
                "15432", "PAPERSTREAM_VAR", var.toString())));

        assertThat(options.ingestUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(options.queryUrl()).isEqualTo("http://127.0.0.1:18083");
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(options.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:15432/");
        assertThat(options.out()).isEqualTo(var.resolve("bench/results.json"));
    }

    @Test
    void givenAddressesNeedNoCheckout() {
        StackDefaults nowhere = new StackDefaults(Path.of("/nonexistent-checkout"), Map.of());
        BenchOptions options = BenchOptions.parse(nowhere, "--ingest-url", "http://h:1", "--query-url", "http://h:2",
                "--bootstrap-servers", "h:3", "--jdbc-url", "jdbc:postgresql://h:4/db", "--run-dir", "r", "--log-dir",
                "l", "--postgres-data", "p", "--out", "o.json");

        assertThat(options.ingestUrl()).isEqualTo("http://h:1");
        assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://h:4/db");
        assertThat(options.out()).isEqualTo(Path.of("o.json"));
    }

    private static String property(String service, String key) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service).resolve(
                "src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties.getProperty(key);
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
