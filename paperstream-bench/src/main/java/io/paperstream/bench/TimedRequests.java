package io.paperstream.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntFunction;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.Http;

/**
 * Read latency of the catalog: sequential GETs of one kind, each timed until its answer is fully read, after a few
 * unmeasured ones (connections, JIT and the database's caches are not what is measured). The query phase and the
 * catalog benchmark time their requests here.
 */
public final class TimedRequests {

    private final CatalogClient catalog;
    private final Duration timeout;
    private final int warmUp;
    private final int requests;

    /**
     * @param warmUp   requests before the timed ones
     * @param requests timed requests per kind
     */
    public TimedRequests(CatalogClient catalog, Duration timeout, int warmUp, int requests) {
        this.catalog = catalog;
        this.timeout = timeout;
        this.warmUp = warmUp;
        this.requests = requests;
    }

    public int warmUp() {
        return warmUp;
    }

    /** The p95 in milliseconds of {@code requests} GETs of {@code path.apply(i)}, {@code i} counting on from the warm-up. */
    public double p95(IntFunction<String> path) {
        for (int i = 0; i < warmUp; i++) {
            timed(path.apply(i));
        }
        double[] millis = new double[requests];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = timed(path.apply(warmUp + i));
        }
        return Percentiles.of(millis).at(95);
    }

    /**
     * One GET, timed until its answer is fully read, in milliseconds.
     *
     * @throws IllegalStateException for any answer but 200
     */
    public double timed(String path) {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = get(path);
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + response.statusCode() + ": "
                    + Http.excerpt(response.body()));
        }
        return elapsed / 1e6;
    }

    /** One GET of a path of the query service, any status. */
    public HttpResponse<byte[]> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(catalog.uri(path)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        return Http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
