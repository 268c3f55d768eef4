package io.paperstream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

import io.paperstream.client.PaperRecord;
import io.paperstream.client.Digests;

/**
 * Freshness at fixed fractions of the end-to-end capacity the throughput phase measured in the same run, so
 * saturation shows as the knee of a curve instead of passing for latency. Each point offers its rate for
 * {@code --curve-seconds}, measured as the {@code --rate} point is ({@link FreshnessPhase}); a point that fails
 * leaves its percentiles null and the next one still runs.
 */
public final class FreshnessCurve {

    /**
     * Digests at least this often at any rate: at low rates digests of {@code --freshness-digest} would come
     * seconds apart and offer bursts, not a steady stream.
     */
    static final int MIN_DIGESTS_PER_SECOND = 10;

    /** One planned point: the load and how many papers it sends. */
    public record Point(double loadFraction, FreshnessPhase.Load load, int papers) {
    }

    private FreshnessCurve() {
    }

    /**
     * The points of the curve: each fraction of the capacity as a whole rate (at least 1 paper/s), in digests of
     * at most {@code maxDigestSize} and at least {@link #MIN_DIGESTS_PER_SECOND} per second, for {@code seconds}.
     */
    public static List<Point> plan(double capacityPerSecond, List<Double> fractions, int seconds, int maxDigestSize) {
        if (!(capacityPerSecond > 0) || Double.isInfinite(capacityPerSecond)) {
            throw new IllegalArgumentException("no capacity to take fractions of: " + capacityPerSecond);
        }
        List<Point> points = new ArrayList<>(fractions.size());
        for (double fraction : fractions) {
            long rate = Math.max(1, Math.round(fraction * capacityPerSecond));
            int digestSize = (int) Math.max(1, Math.min(maxDigestSize, rate / MIN_DIGESTS_PER_SECOND));
            points.add(new Point(fraction, new FreshnessPhase.Load(rate, digestSize),
                    Math.toIntExact(Math.multiplyExact(rate, (long) seconds))));
        }
        return points;
    }

    /**
     * Measures every point in order.
     *
     * @param papers the papers of a point: (index of its first paper among the curve's, count) to papers never
     *               sent before
     */
    public static List<BenchResults.CurvePoint> measure(List<Point> points, FreshnessPhase freshness,
            BiFunction<Integer, Integer, List<PaperRecord>> papers, PrintStream out) {
        List<BenchResults.CurvePoint> curve = new ArrayList<>(points.size());
        int sent = 0;
        for (Point point : points) {
            out.printf(Locale.ROOT, "  %.0f %% of capacity: %,d papers/s for %,d papers%n", point.loadFraction() * 100,
                    point.load().papersPerSecond(), point.papers());
            BenchResults.Latency latency;
            try {
                latency = freshness.run(papers.apply(sent, point.papers()), point.load());
                out.printf(Locale.ROOT, "  -> p50 %.1f  p95 %.1f  p99 %.1f ms%n", latency.p50(), latency.p95(),
                        latency.p99());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                out.println("  -> FAILED: " + cause);
                latency = null;
            }
            sent += point.papers();
            curve.add(new BenchResults.CurvePoint(point.loadFraction(), point.load().papersPerSecond(), latency));
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return curve;
    }
}
