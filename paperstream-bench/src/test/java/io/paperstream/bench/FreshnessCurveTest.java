package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.IngestClient;

class FreshnessCurveTest {

    @Test
    void offersEachFractionOfTheMeasuredCapacity() {
        List<FreshnessCurve.Point> points = FreshnessCurve.plan(1_077, List.of(0.10, 0.25, 0.50, 0.75), 10, 50);

        assertThat(points).extracting(FreshnessCurve.Point::loadFraction).containsExactly(0.10, 0.25, 0.50, 0.75);
        // 107.7, 269.25, 538.5 and 807.75 papers/s, rounded to whole papers
        assertThat(points).extracting(point -> point.load().papersPerSecond()).containsExactly(108L, 269L, 539L, 808L);
        assertThat(points).extracting(FreshnessCurve.Point::papers).containsExactly(1_080, 2_690, 5_390, 8_080);
    }

    @Test
    void digestsComeAtLeastTenTimesASecondAndNeverExceedTheGivenSize() {
        List<FreshnessCurve.Point> points = FreshnessCurve.plan(2_000, List.of(0.01, 0.10, 0.50, 2.0), 5, 50);

        // 20/s in digests of 2; 200/s in digests of 20; 1,000/s and 4,000/s in digests of 50
        assertThat(points).extracting(point -> point.load().digestSize()).containsExactly(2, 20, 50, 50);
        assertThat(points).extracting(point -> point.load().papersPerSecond()).containsExactly(20L, 200L, 1_000L,
                4_000L);
    }

    @Test
    void aTinyCapacityStillOffersOnePaperASecond() {
        FreshnessCurve.Point point = FreshnessCurve.plan(3, List.of(0.10), 7, 50).get(0);

        assertThat(point.load()).isEqualTo(new FreshnessPhase.Load(1, 1));
        assertThat(point.papers()).isEqualTo(7);
    }

    @Test
    void noCapacityIsNoCurve() {
        assertThatThrownBy(() -> FreshnessCurve.plan(0, List.of(0.5), 10, 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FreshnessCurve.plan(Double.NaN, List.of(0.5), 10, 50))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPointThatFailsLeavesNullsAndTheNextStillRunsOnPapersOfItsOwn() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort);
        List<FreshnessCurve.Point> points = FreshnessCurve.plan(100, List.of(0.10, 0.50), 2, 50);
        List<String> asked = new ArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<BenchResults.CurvePoint> curve;
        try (FreshnessPhase freshness = new FreshnessPhase(BenchOptions.parse(),
                new IngestClient(nobody, null, null), new CatalogClient(nobody), new PrintStream(printed))) {
            curve = FreshnessCurve.measure(points, freshness, (first, count) -> {
                asked.add(first + "+" + count);
                return PaperCorpus.synthetic(count);
            }, new PrintStream(printed));
        }

        assertThat(curve).containsExactly(new BenchResults.CurvePoint(0.10, 10, null),
                new BenchResults.CurvePoint(0.50, 50, null));
        assertThat(asked).containsExactly("0+20", "20+100"); // 10/s and 50/s for 2 s, one after the other
        assertThat(printed.toString()).contains("FAILED");
    }
}
