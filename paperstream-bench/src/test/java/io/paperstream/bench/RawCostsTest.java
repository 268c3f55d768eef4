package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RawCostsTest {

    @Test
    void theFloorIsTwoProducesAndOneUpsert() {
        RawCosts raw = new RawCosts(0.05, 0.02, 0.04, 0.06);

        assertThat(raw.floorMsPerPaper()).isCloseTo(2 * (0.05 + 0.02) + 0.04 + 0.06, within());
        assertThat(raw.ceilingPapersPerSecond(2)).isCloseTo(2 * 1000 / 0.24, within());
    }

    @Test
    void noFloorWithoutEveryFigure() {
        assertThat(new RawCosts(0.05, null, 0.04, 0.06).floorMsPerPaper()).isNull();
        assertThat(new RawCosts(0.05, 0.02, 0.04, null).ceilingPapersPerSecond(2)).isNull();
    }

    @Test
    void perRecordIsTheCpuSecondsBetweenSamplesInMilliseconds() {
        Map<String, Double> before = Map.of("kafka", 10.0);
        Map<String, Double> after = Map.of("kafka", 12.5);

        assertThat(RawCosts.perRecord(before, after, "kafka", 20_000)).isCloseTo(0.125, within());
        assertThat(RawCosts.perRecord(before, after, "bench", 20_000)).isNull();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
