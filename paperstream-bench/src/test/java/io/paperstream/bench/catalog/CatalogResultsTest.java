package io.paperstream.bench.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class CatalogResultsTest {

    @Test
    void theCatalogKeyJoinsTheResultsOfThePipelineRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        Files.writeString(file, "{\"e2e_papers_per_s\": 1234.5}");
        CatalogResults results = new CatalogResults();
        results.papers = 1_000_000L;
        results.loadSeconds = 812.34;
        results.dbBytesPerPaper = 4321.6;
        results.pageCacheMbAtReads = 6144.0;
        results.readP95Ms.put("list", 12.34);
        results.readP95UnderLoadMs.put("list", 20.0);
        results.searchFreshnessP95Ms = 8.26;

        results.writeInto(file);

        JsonNode root = CatalogResults.read(file);
        assertThat(root.path("e2e_papers_per_s").asDouble()).isEqualTo(1234.5);
        JsonNode catalog = root.path("catalog");
        assertThat(catalog.path("papers").asLong()).isEqualTo(1_000_000L);
        assertThat(catalog.path("load_s").asDouble()).isEqualTo(812.3);
        assertThat(catalog.path("db_bytes_per_paper").asLong()).isEqualTo(4322);
        assertThat(catalog.path("page_cache_mb_at_reads").asLong()).isEqualTo(6144);
        assertThat(catalog.path("rebuild_s").isNull()).isTrue();
        assertThat(catalog.path("read_p95_ms").path("list").asDouble()).isEqualTo(12.3);
        assertThat(catalog.path("read_p95_under_load_ms").path("list").asDouble()).isEqualTo(20.0);
        assertThat(catalog.path("search_freshness_p95_ms").asDouble()).isEqualTo(8.3);
    }
}
