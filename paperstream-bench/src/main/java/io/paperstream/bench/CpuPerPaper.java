package io.paperstream.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU milliseconds per paper of each part of the stack between two {@link ProcessCpu} samples: what a paper
 * costs, however busy the machine is. Instances of one service ({@code enrich}, {@code enrich-2}) are summed
 * under its name; {@code total} is the stack's, without the benchmark's own CPU.
 *
 * @param services ms per paper by service, in {@link #SERVICES} order; null for a service not sampled both times
 * @param bench    the benchmark process's own ms per paper (left out of {@code total}); null when not sampled
 * @param total    the sum of the sampled services; null when none was
 * @param jit      of {@code total}, the JVMs' JIT compiler threads (see {@link ProcessCpu#JIT}); null when not sampled
 */
public record CpuPerPaper(Map<String, Double> services, Double bench, Double total, Double jit) {

    /** The keys of {@code cpu_ms_per_paper}, as the issue names them. */
    static final List<String> SERVICES = List.of("ingest", "enrich", "query", "kafka", ProcessCpu.POSTGRESQL);

    public CpuPerPaper {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /**
     * @param before  CPU seconds by instance name at the start (see {@link ProcessCpu#sample})
     * @param after   the same at the end
     * @param papers  papers the stack handled in between
     */
    public static CpuPerPaper between(Map<String, Double> before, Map<String, Double> after, long papers) {
        if (papers < 1) {
            throw new IllegalArgumentException("CPU per paper needs at least one paper, not " + papers);
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, Double> end : after.entrySet()) {
            Double start = before.get(end.getKey());
            double used = start == null ? -1 : end.getValue() - start;
            // an instance that started or restarted in between has no usable start: left out rather than guessed
            if (used >= 0) {
                seconds.merge(PidFiles.serviceOf(end.getKey()), used, Double::sum);
            }
        }
        Map<String, Double> services = new LinkedHashMap<>();
        double total = 0;
        boolean any = false;
        for (String service : SERVICES) {
            Double used = seconds.get(service);
            services.put(service, used == null ? null : perPaper(used, papers));
            if (used != null) {
                total += used;
                any = true;
            }
        }
        Double bench = seconds.get(ProcessCpu.BENCH);
        Double jit = seconds.get(ProcessCpu.JIT);
        return new CpuPerPaper(services, bench == null ? null : perPaper(bench, papers),
                any ? perPaper(total, papers) : null, jit == null ? null : perPaper(jit, papers));
    }

    private static double perPaper(double seconds, long papers) {
        return seconds * 1000 / papers;
    }
}
