package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ProgressRendererTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aPlainLineTellsRecordsSizeRateRejectsAndTimeLeft() {
        // a quarter of a 40 MiB file in 10 s: 30 s to go; 2,500 accepted in 10 s: 250 papers/s
        ProgressRenderer renderer = new ProgressRenderer("big.txt", OptionalLong.of(40 * MIB), false,
                Duration.ofSeconds(10));

        String line = renderer.update(new ProgressRenderer.Snapshot(2_600, 10 * MIB, 2_500, 100, 0, 10 * MIB,
                Duration.ofSeconds(10)));

        assertThat(line).isEqualTo("big.txt:  25% 2,600 records, 10.0 MB, 250 papers/s, 100 rejected, ETA 0:30"
                + System.lineSeparator());
    }

    @Test
    void plainLinesComeAtMostOncePerInterval() {
        ProgressRenderer renderer = new ProgressRenderer("f", OptionalLong.empty(), false, Duration.ofSeconds(10));

        assertThat(renderer.update(snapshot(Duration.ofSeconds(1)))).isNull();
        assertThat(renderer.update(snapshot(Duration.ofSeconds(11)))).isNotNull();
        assertThat(renderer.update(snapshot(Duration.ofSeconds(15)))).isNull();
        assertThat(renderer.update(snapshot(Duration.ofSeconds(21)))).isNotNull();
    }

    @Test
    void aTerminalLineIsRedrawnInPlaceWithABar() {
        ProgressRenderer renderer = new ProgressRenderer("f", OptionalLong.of(100), true, Duration.ofSeconds(10));

        String first = renderer.update(new ProgressRenderer.Snapshot(1, 50, 1, 0, 0, 50, Duration.ofSeconds(2)));
        String second = renderer.update(new ProgressRenderer.Snapshot(2, 100, 2, 0, 0, 100, Duration.ofSeconds(3)));

        assertThat(first).startsWith("\rf: [############............]  50% ").doesNotContain("\n");
        assertThat(second).startsWith("\rf: [########################] 100% ");
        assertThat(renderer.finish()).isEqualTo(System.lineSeparator());
    }

    @Test
    void withoutTheFileSizeThereIsNoEstimate() {
        ProgressRenderer renderer = new ProgressRenderer("stdin", OptionalLong.empty(), false, Duration.ofSeconds(1));

        assertThat(renderer.line(snapshot(Duration.ofSeconds(4)))).doesNotContain("ETA").doesNotContain("%");
    }

    @Test
    void failedDigestsShowWhenThereAreAny() {
        ProgressRenderer renderer = new ProgressRenderer("f", OptionalLong.empty(), false, Duration.ofSeconds(1));

        assertThat(renderer.line(new ProgressRenderer.Snapshot(10, 0, 0, 0, 2, 0, Duration.ofSeconds(1))))
                .contains("2 digests failed");
    }

    @Test
    void clockShowsHoursOnlyWhenNeeded() {
        assertThat(ProgressRenderer.clock(59)).isEqualTo("0:59");
        assertThat(ProgressRenderer.clock(3_725)).isEqualTo("1:02:05");
    }

    private static ProgressRenderer.Snapshot snapshot(Duration elapsed) {
        return new ProgressRenderer.Snapshot(10, 1_000, 10, 0, 0, 1_000, elapsed);
    }
}
