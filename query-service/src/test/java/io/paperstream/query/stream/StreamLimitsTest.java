package io.paperstream.query.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamLimitsTest {

    @Test
    void aClientBeyondItsLimitIsRefusedAsSuch() {
        StreamLimits limits = new StreamLimits(10, 2);
        limits.acquire("a");
        limits.acquire("a");
        assertThatThrownBy(() -> limits.acquire("a")).isInstanceOfSatisfying(StreamLimitException.class,
                e -> assertThat(e.perClient()).isTrue());
        limits.acquire("b");
        assertThat(limits.open()).isEqualTo(3);
    }

    @Test
    void theServiceBeyondItsLimitRefusesEveryone() {
        StreamLimits limits = new StreamLimits(2, 2);
        limits.acquire("a");
        limits.acquire("b");
        assertThatThrownBy(() -> limits.acquire("c")).isInstanceOfSatisfying(StreamLimitException.class,
                e -> assertThat(e.perClient()).isFalse());
    }

    @Test
    void aSlotIsReleasedOnceHoweverOftenItIsReleased() {
        StreamLimits limits = new StreamLimits(2, 1);
        StreamLimits.Slot slot = limits.acquire("a");
        slot.release();
        slot.release();
        assertThat(limits.open()).isZero();
        limits.acquire("a");
        limits.acquire("b");
        assertThat(limits.open()).isEqualTo(2);
    }
}
