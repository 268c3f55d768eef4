package io.paperstream.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The figures of a run; a figure is null when its phase was skipped or could not finish. Written as JSON with
 * fixed keys (see {@link #toJson()}), so runs can be compared by tools. {@code catalogPapers} is the catalog's
 * size at the end, beside the memory figures: what enrich's current RSS is to be compared at.
 */
public record BenchResults(
        Double ingestPapersPerSecond,
        Double e2ePapersPerSecond,
        Latency freshnessMs,
        Double rawProducePerSecond,
        Double rawUpsertRowsPerSecond,
        RawCosts rawCpuMsPerRecord,
        CpuPerPaper cpuMsPerPaper,
        List<CurvePoint> freshnessCurve,
        Map<String, ProcessMemory.Usage> memory,
        Long catalogPapers,
        QueryLatency queryP95Ms,
        MachineInfo machine) {

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p95, double p99) {
    }

    /** One point of the freshness curve; {@code latency} is null when the point could not be measured. */
    public record CurvePoint(double loadFraction, double offeredPerSecond, Latency latency) {
    }

    /** p95 in milliseconds of each kind of listing. */
    public record QueryLatency(double list, double theme, double search) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Rates and latencies are rounded to one decimal: more would be noise. */
    private static final int DECIMALS = 1;
    /** Ratios, fractions and CPU ms per paper are small numbers: three decimals keep them readable. */
    private static final int FINE_DECIMALS = 3;

    /** End-to-end papers/s over the raw upsert rows/s of the same run; null when either is missing. */
    public Double e2eVsRawUpsert() {
        if (e2ePapersPerSecond == null || rawUpsertRowsPerSecond == null || !(rawUpsertRowsPerSecond > 0)) {
            return null;
        }
        return e2ePapersPerSecond / rawUpsertRowsPerSecond;
    }

    /** The most papers per second this machine's cores carry at the raw phases' CPU floor; null if not measured. */
    public Double e2eCeilingPapersPerSecond() {
        return rawCpuMsPerRecord == null ? null : rawCpuMsPerRecord.ceilingPapersPerSecond(machine.cores());
    }

    /** That ceiling over the raw upsert rows/s of the same run; null when either is missing. */
    public Double e2eCeilingVsRawUpsert() {
        Double ceiling = e2eCeilingPapersPerSecond();
        return ceiling == null || rawUpsertRowsPerSecond == null || !(rawUpsertRowsPerSecond > 0) ? null
                : ceiling / rawUpsertRowsPerSecond;
    }

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
        number(root, "e2e_vs_raw_upsert", e2eVsRawUpsert(), FINE_DECIMALS);
        if (rawCpuMsPerRecord == null) {
            root.putNull("raw_cpu_ms_per_record");
        } else {
            ObjectNode raw = root.putObject("raw_cpu_ms_per_record");
            number(raw, "produce_client", rawCpuMsPerRecord.produceClient(), FINE_DECIMALS);
            number(raw, "produce_broker", rawCpuMsPerRecord.produceBroker(), FINE_DECIMALS);
            number(raw, "upsert_client", rawCpuMsPerRecord.upsertClient(), FINE_DECIMALS);
            number(raw, "upsert_postgresql", rawCpuMsPerRecord.upsertDatabase(), FINE_DECIMALS);
            number(raw, "pipeline_floor", rawCpuMsPerRecord.floorMsPerPaper(), FINE_DECIMALS);
        }
        number(root, "e2e_ceiling_papers_per_s", e2eCeilingPapersPerSecond());
        number(root, "e2e_ceiling_vs_raw_upsert", e2eCeilingVsRawUpsert(), FINE_DECIMALS);
        if (cpuMsPerPaper == null) {
            root.putNull("cpu_ms_per_paper");
        } else {
            ObjectNode cpu = root.putObject("cpu_ms_per_paper");
            cpuMsPerPaper.services().forEach((service, ms) -> number(cpu, service, ms, FINE_DECIMALS));
            number(cpu, "total", cpuMsPerPaper.total(), FINE_DECIMALS);
            number(cpu, "bench", cpuMsPerPaper.bench(), FINE_DECIMALS);
            number(cpu, "jit", cpuMsPerPaper.jit(), FINE_DECIMALS);
        }
        if (freshnessCurve == null) {
            root.putNull("freshness_curve");
        } else {
            ArrayNode curve = root.putArray("freshness_curve");
            for (CurvePoint point : freshnessCurve) {
                ObjectNode json = curve.addObject();
                number(json, "load_fraction", point.loadFraction(), FINE_DECIMALS);
                number(json, "offered_per_s", point.offeredPerSecond());
                Latency latency = point.latency();
                number(json, "p50", latency == null ? null : latency.p50());
                number(json, "p95", latency == null ? null : latency.p95());
                number(json, "p99", latency == null ? null : latency.p99());
            }
        }
        ObjectNode rss = root.putObject("rss_mb");
        memory.forEach((name, usage) -> {
            ObjectNode process = rss.putObject(name);
            number(process, "peak", usage.peakMb());
            number(process, "current", usage.currentMb());
            if (!Double.isNaN(usage.startupSeconds())) {
                number(process, "startup_s", usage.startupSeconds());
            }
        });
        if (catalogPapers == null) {
            root.putNull("catalog_papers");
        } else {
            root.put("catalog_papers", catalogPapers);
        }
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
        number(node, key, value, DECIMALS);
    }

    private static void number(ObjectNode node, String key, Double value, int decimals) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            node.putNull(key);
        } else {
            node.put(key, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue());
        }
    }
}
