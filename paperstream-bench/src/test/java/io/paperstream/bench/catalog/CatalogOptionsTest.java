package io.paperstream.bench.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.bench.StackDefaults;

class CatalogOptionsTest {

    @Test
    void theStackIsWhereBinPaperstreamStartsIt() {
        Path var = Path.of("/tmp/elsewhere");
        CatalogOptions options = CatalogOptions.parse(new StackDefaults(StackDefaults.checkout(), Map.of(
                "PAPERSTREAM_INGEST_PORT", "18081", "PAPERSTREAM_QUERY_PORT", "18083", "PAPERSTREAM_POSTGRES_PORT",
                "15432", "PAPERSTREAM_VAR", var.toString())), "--catalog", "5");

        assertThat(options.papers()).isEqualTo(5);
        assertThat(options.ingestUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(options.queryUrl()).isEqualTo("http://127.0.0.1:18083");
        assertThat(options.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:15432/");
        assertThat(options.out()).isEqualTo(var.resolve("bench/results.json"));
        assertThat(options.data().getFileName()).hasToString(StackDefaults.CORPUS);
    }

    @Test
    void givenOptionsWinAndTheCatalogSizeIsRequired() {
        StackDefaults nowhere = new StackDefaults(Path.of("/nonexistent-checkout"), Map.of());
        CatalogOptions options = CatalogOptions.parse(nowhere, "--catalog", "7", "--ingest-url", "http://h:1/",
                "--query-url", "http://h:2", "--jdbc-url", "jdbc:postgresql://h:3/db", "--out", "o.json", "--data",
                "papers.txt");

        assertThat(options.ingestUrl()).isEqualTo("http://h:1");
        assertThat(options.data()).isEqualTo(Path.of("papers.txt"));
        assertThatThrownBy(() -> CatalogOptions.parse(nowhere)).hasMessageContaining("--catalog is required");
    }
}
