package io.paperstream.enrich.streams;

import static io.paperstream.enrich.streams.CommitPacing.CommitPace.COMMIT_NOW;
import static io.paperstream.enrich.streams.CommitPacing.CommitPace.NO_COMMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CommitPaceTest {

    private static final long CAUGHT_UP_AGE = 200;
    private static final long INTERVAL = 10;
    private static final long NOW = 1_700_000_000_000L;

    private final CommitPacing.CommitPace pace = new CommitPacing.CommitPace(CAUGHT_UP_AGE, INTERVAL);

    @Test
    void theFirstFreshRecordAsksForACommitAtOnce() {
        assertThat(pace.processed(NOW - 15, NOW)).isEqualTo(COMMIT_NOW);
    }

    @Test
    void aRecordExactlyAsOldAsTheCaughtUpAgeIsStillFresh() {
        assertThat(pace.processed(NOW - CAUGHT_UP_AGE, NOW)).isEqualTo(COMMIT_NOW);
    }

    @Test
    void aBacklogOfLateRecordsLeavesTheCommitToTheInterval() {
        for (int i = 0; i < 1000; i++) {
            assertThat(pace.processed(NOW - CAUGHT_UP_AGE - 1 - i, NOW)).isEqualTo(NO_COMMIT);
        }
    }

    @Test
    void aFreshRecordTooSoonAfterACommitSchedulesOneForTheRestOfTheInterval() {
        pace.processed(NOW, NOW);

        assertThat(pace.processed(NOW + 3, NOW + 3)).isEqualTo(INTERVAL - 3);
        assertThat(pace.processed(NOW + 4, NOW + 4)).as("one scheduled commit covers the records after it")
                .isEqualTo(NO_COMMIT);

        pace.scheduledCommitRan(NOW + INTERVAL);
        assertThat(pace.processed(NOW + INTERVAL + 1, NOW + INTERVAL + 1)).as("the interval starts at that commit")
                .isEqualTo(INTERVAL - 1);
    }

    @Test
    void aSteadyFreshStreamAsksForAtMostOneCommitPerInterval() {
        int commits = 0;
        long scheduledAt = -1;
        for (long t = NOW; t < NOW + 1000; t++) {
            if (scheduledAt == t) {
                pace.scheduledCommitRan(t);
                commits++;
                scheduledAt = -1;
            }
            long decision = pace.processed(t, t);
            if (decision == COMMIT_NOW) {
                commits++;
            } else if (decision > 0) {
                scheduledAt = t + decision;
            }
        }
        // one record a millisecond for a second: a commit each INTERVAL, not one per record
        assertThat(commits).isEqualTo((int) (1000 / INTERVAL));
    }

    @Test
    void oneFreshRecordAmongLateOnesMeansTheStreamCaughtUp() {
        assertThat(pace.processed(NOW - 5_000, NOW)).isEqualTo(NO_COMMIT);
        assertThat(pace.processed(NOW - 3, NOW)).isEqualTo(COMMIT_NOW);
    }

    @Test
    void aTimestampAheadOfTheClockCountsAsFresh() {
        assertThat(pace.processed(NOW + 2_000, NOW)).isEqualTo(COMMIT_NOW);
    }

    @Test
    void settingsRefuseAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new CommitPacing.Settings(Duration.ZERO, Duration.ofMillis(200)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitPacing.Settings(Duration.ofMillis(10), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitPacing.CommitPace(200, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
