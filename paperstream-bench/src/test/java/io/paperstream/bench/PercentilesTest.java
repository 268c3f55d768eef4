package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        double[] samples = new double[100];
        for (int i = 0; i < samples.length; i++) {
            samples[samples.length - 1 - i] = i + 1; // unsorted on purpose
        }
        Percentiles percentiles = Percentiles.of(samples);

        assertThat(percentiles.at(50)).isEqualTo(50);
        assertThat(percentiles.at(95)).isEqualTo(95);
        assertThat(percentiles.at(99)).isEqualTo(99);
        assertThat(percentiles.at(100)).isEqualTo(100);
        assertThat(percentiles.count()).isEqualTo(100);
    }

    @Test
    void smallSetsGiveTheirLargestForHighPercentiles() {
        Percentiles percentiles = Percentiles.of(new double[] {7, 3, 5});

        assertThat(percentiles.at(50)).isEqualTo(5);
        assertThat(percentiles.at(99)).isEqualTo(7);
        assertThat(percentiles.at(1)).isEqualTo(3);
    }

    @Test
    void noSamplesGiveNaNAndBadPercentsAreRefused() {
        assertThat(Percentiles.of(new double[0]).at(50)).isNaN();
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}).at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}).at(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
