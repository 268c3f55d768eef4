package io.paperstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The figures of a run; a figure is null when its phase was skipped or could not finish. Written as JSON with
 * fixed keys (see {@link #toJson()}), so runs can be compared by tools.
 */
public record BenchResults(
        Double ingestPapersPerSecond,
        Double e2ePapersPerSecond,
        Latency freshnessMs,
        Double rawProducePerSecond,
        Double rawUpsertRowsPerSecond,
        Map<String, ProcessMemory.Usage> memory,
        QueryLatency queryP95Ms,
        MachineInfo machine) {

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p95, double p99) {
    }

    /** p95 in milliseconds of each kind of listing. */
    public record QueryLatency(double list, double theme, double search) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Figures are rounded to this many decimals: more would be noise. */
    private static final double ROUNDING = 10.0;

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        number(root, "ingest_papers_per_s", ingestPapersPerSecond);
        number(root, "e2e_papers_per_s", e2ePapersPerSecond);
        if (freshnessMs == null) {
            root.putNull("freshness_ms");
        } else {
            ObjectNode freshness = root.putObject("freshness_ms");
            number(freshness, "p50", freshnessMs.p50());
            number(freshness, "p95", freshnessMs.p95());
            number(freshness, "p99", freshnessMs.p99());
        }
        number(root, "raw_produce_per_s", rawProducePerSecond);
        number(root, "raw_upsert_rows_per_s", rawUpsertRowsPerSecond);
        ObjectNode rss = root.putObject("rss_mb");
        memory.forEach((name, usage) -> {
            ObjectNode process = rss.putObject(name);
            number(process, "peak", usage.peakMb());
            if (!Double.isNaN(usage.startupSeconds())) {
                number(process, "startup_s", usage.startupSeconds());
            }
        });
        if (queryP95Ms == null) {
            root.putNull("query_p95_ms");
        } else {
            ObjectNode query = root.putObject("query_p95_ms");
            number(query, "list", queryP95Ms.list());
            number(query, "theme", queryP95Ms.theme());
            number(query, "search", queryP95Ms.search());
        }
        ObjectNode host = root.putObject("machine");
        host.put("cores", machine.cores());
        host.put("memory_mb", machine.memoryMb());
        host.put("jvm", machine.jvm());
        host.put("database", machine.database());
        host.put("os", machine.os());
        return root;
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), toJson());
    }

    private static void number(ObjectNode node, String key, Double value) {
        if (value == null || value.isNaN()) {
            node.putNull(key);
        } else {
            node.put(key, Math.round(value * ROUNDING) / ROUNDING);
        }
    }
}
