package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CommitPaceTest {

    private static final long CAUGHT_UP_AGE = 200;
    private static final long NOW = 1_700_000_000_000L;

    private final CommitPacing.CommitPace pace = new CommitPacing.CommitPace(CAUGHT_UP_AGE);

    @Test
    void aFreshRecordMakesACommitDueOnce() {
        pace.processed(NOW - 15, NOW);

        assertThat(pace.commitDue()).isTrue();
        assertThat(pace.commitDue()).as("nothing new since the request").isFalse();
    }

    @Test
    void aRecordExactlyAsOldAsTheCaughtUpAgeIsStillFresh() {
        pace.processed(NOW - CAUGHT_UP_AGE, NOW);

        assertThat(pace.commitDue()).isTrue();
    }

    @Test
    void aBacklogOfLateRecordsLeavesTheCommitToTheInterval() {
        for (int i = 0; i < 1000; i++) {
            pace.processed(NOW - CAUGHT_UP_AGE - 1 - i, NOW);
        }

        assertThat(pace.commitDue()).isFalse();
    }

    @Test
    void oneFreshRecordAmongLateOnesMeansTheStreamCaughtUp() {
        pace.processed(NOW - 5_000, NOW);
        pace.processed(NOW - 3, NOW);
        pace.processed(NOW - 4_000, NOW);

        assertThat(pace.commitDue()).isTrue();
    }

    @Test
    void aTimestampAheadOfTheClockCountsAsFresh() {
        pace.processed(NOW + 2_000, NOW);

        assertThat(pace.commitDue()).isTrue();
    }

    @Test
    void nothingProcessedMeansNoCommit() {
        assertThat(pace.commitDue()).isFalse();
    }

    @Test
    void settingsRefuseAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new CommitPacing.Settings(Duration.ZERO, Duration.ofMillis(200)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitPacing.Settings(Duration.ofMillis(10), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
