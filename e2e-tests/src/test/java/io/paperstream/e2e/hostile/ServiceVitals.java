package io.paperstream.e2e.hostile;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paperstream.client.Http;
import io.paperstream.local.process.QuarkusService;

/**
 * What a service says about itself after a hostile row: heap in use and its maximum (Micrometer's Prometheus
 * {@code jvm_memory_*_bytes{area="heap"}}, summed over the pools), the live data after the last full collection,
 * and {@code /q/health}. Every probe is bounded: a service that stopped answering is reported, not waited for.
 */
record ServiceVitals(String service, boolean alive, Double heapUsedMb, Double heapMaxMb, Double liveMb,
        String health, String probe) {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final double MB = 1024 * 1024;
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");

    static ServiceVitals of(QuarkusService service) {
        String name = service.process().name();
        if (!service.isAlive()) {
            return new ServiceVitals(name, false, null, null, null, "DEAD", "process exited");
        }
        Double used = null;
        Double max = null;
        Double live = null;
        try {
            HttpResponse<String> metrics = get(service, "/q/metrics");
            if (metrics.statusCode() == 200) {
                used = sum(metrics.body(), "jvm_memory_used_bytes", true).stream().boxed().findFirst().orElse(null);
                max = sum(metrics.body(), "jvm_memory_max_bytes", true).stream().boxed().findFirst().orElse(null);
                live = sum(metrics.body(), "jvm_gc_live_data_size_bytes", false).stream().boxed().findFirst()
                        .orElse(null);
            }
        } catch (RuntimeException unanswered) {
            // reported through the health probe below
        }
        String health;
        String probe;
        try {
            HttpResponse<String> answer = get(service, "/q/health");
            Matcher status = STATUS.matcher(answer.body());
            health = status.find() ? status.group(1) : "UNKNOWN";
            probe = "http-" + answer.statusCode();
        } catch (UncheckedIOException | IllegalStateException e) {
            health = "UNREACHABLE";
            probe = (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
        }
        return new ServiceVitals(name, true, mb(used), mb(max), mb(live), health, probe);
    }

    boolean up() {
        return alive && "UP".equals(health);
    }

    /** One report line: {@code HOSTILE row=… service=… heap_used_mb=… heap_max_mb=… live_mb=… health=… …}. */
    String line(String row) {
        return String.format(Locale.ROOT, "HOSTILE row=%s service=%s heap_used_mb=%s heap_max_mb=%s live_mb=%s"
                + " health=%s status_of_probe=%s", row, service, format(heapUsedMb), format(heapMaxMb),
                format(liveMb), health, probe);
    }

    private static HttpResponse<String> get(QuarkusService service, String path) {
        return Http.send(HttpRequest.newBuilder(service.uri(path)).timeout(PROBE_TIMEOUT).GET().build());
    }

    /** Sum of every sample of {@code metric} (only those labelled {@code area="heap"} when asked); -1 max: none. */
    private static OptionalDouble sum(String exposition, String metric, boolean heapOnly) {
        double total = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find() || !sample.group(1).equals(metric)) {
                continue;
            }
            String labels = sample.group(2) == null ? "" : sample.group(2);
            if (heapOnly && !labels.contains("area=\"heap\"")) {
                continue;
            }
            double value = Double.parseDouble(sample.group(3));
            if (value >= 0) {
                total += value;
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    private static Double mb(Double bytes) {
        return bytes == null ? null : bytes / MB;
    }

    private static String format(Double mb) {
        return mb == null ? "?" : String.format(Locale.ROOT, "%.1f", mb);
    }
}
