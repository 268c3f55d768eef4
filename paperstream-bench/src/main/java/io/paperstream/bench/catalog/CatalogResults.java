package io.paperstream.bench.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The figures of a catalog run, written under {@code catalog} of {@code var/bench/results.json} (the other keys of
 * the file, from the pipeline benchmark, are kept). A figure is null when it was not measured; a shape absent from
 * a map was skipped (its reason is printed).
 */
public final class CatalogResults {

    /** The target for every read shape. */
    public static final double READ_P95_TARGET_MS = 50;
    /** The target for search freshness. */
    public static final double SEARCH_FRESHNESS_TARGET_MS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    Long papers;
    Double loadSeconds;
    Double loadPapersPerSecond;
    Double dbBytesPerPaper;
    /** The OS page cache when the reads began (similar papers read random heap pages: cold, they go to disk). */
    Double pageCacheMbAtReads;
    Double rebuildSeconds;
    Double underLoadPapersPerSecond;
    Double searchFreshnessP95Ms;
    final Map<String, Double> readP95Ms = new LinkedHashMap<>();
    final Map<String, Double> readP95UnderLoadMs = new LinkedHashMap<>();

    public ObjectNode toJson() {
        ObjectNode catalog = JSON.createObjectNode();
        put(catalog, "papers", papers == null ? null : papers.doubleValue(), 0);
        put(catalog, "load_s", loadSeconds, 1);
        put(catalog, "load_papers_per_s", loadPapersPerSecond, 1);
        put(catalog, "db_bytes_per_paper", dbBytesPerPaper, 0);
        put(catalog, "page_cache_mb_at_reads", pageCacheMbAtReads, 0);
        put(catalog, "rebuild_s", rebuildSeconds, 1);
        ObjectNode idle = catalog.putObject("read_p95_ms");
        readP95Ms.forEach((shape, ms) -> put(idle, shape, ms, 1));
        ObjectNode loaded = catalog.putObject("read_p95_under_load_ms");
        readP95UnderLoadMs.forEach((shape, ms) -> put(loaded, shape, ms, 1));
        put(catalog, "under_load_papers_per_s", underLoadPapersPerSecond, 1);
        put(catalog, "search_freshness_p95_ms", searchFreshnessP95Ms, 1);
        return catalog;
    }

    /** Sets {@code catalog} in the results file, keeping whatever else it holds. */
    public void writeInto(Path file) throws IOException {
        ObjectNode root = Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode existing
                ? existing : JSON.createObjectNode();
        root.set("catalog", toJson());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nCatalog of %s papers%n", papers == null ? "?" : String.format(Locale.ROOT, "%,d", papers));
        out.printf(Locale.ROOT, "  load %s s (%s papers/s) | %s bytes per paper in the database | rebuild %s s"
                + " | OS page cache %s MB when the reads began%n", text(loadSeconds), text(loadPapersPerSecond),
                text(dbBytesPerPaper), text(rebuildSeconds), text(pageCacheMbAtReads));
        out.printf(Locale.ROOT, "  %-22s %12s %16s   (target p95 < %.0f ms; under load: %s papers/s offered)%n",
                "read shape", "p95 idle ms", "p95 loaded ms", READ_P95_TARGET_MS, text(underLoadPapersPerSecond));
        java.util.Set<String> shapes = new java.util.LinkedHashSet<>(readP95Ms.keySet());
        shapes.addAll(readP95UnderLoadMs.keySet());
        for (String shape : shapes) {
            Double idle = readP95Ms.get(shape);
            Double loaded = readP95UnderLoadMs.get(shape);
            out.printf(Locale.ROOT, "  %-22s %12s %16s   %s%n", shape, text(idle), text(loaded), verdict(idle, loaded));
        }
        out.printf(Locale.ROOT, "  search freshness p95 %s ms (target < %.0f ms): %s%n", text(searchFreshnessP95Ms),
                SEARCH_FRESHNESS_TARGET_MS, searchFreshnessP95Ms == null ? "not measured"
                        : searchFreshnessP95Ms < SEARCH_FRESHNESS_TARGET_MS ? "met" : "MISSED");
    }

    private static String verdict(Double idle, Double loaded) {
        if (idle == null && loaded == null) {
            return "not measured";
        }
        boolean met = (idle == null || idle < READ_P95_TARGET_MS) && (loaded == null || loaded < READ_P95_TARGET_MS);
        return met ? "met" : "MISSED";
    }

    private static String text(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static void put(ObjectNode node, String key, Double value, int decimals) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            node.putNull(key);
        } else if (decimals == 0) {
            node.put(key, Math.round(value));
        } else {
            node.put(key, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
        }
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }
}
