package io.paperstream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Reading a body holds what arrived, within the limit, and the budget of all bodies holds across requests. */
class BoundedBodyTest {

    @Test
    void thirtyBytesHoldTheFirstBufferWhateverIsDeclared() throws IOException {
        byte[] thirty = "Lying length\nThirty bytes..\n".getBytes(StandardCharsets.US_ASCII);
        AtomicLong reserved = new AtomicLong();

        BoundedBody body = BoundedBody.read(new ByteArrayInputStream(thirty), 16L * 1024 * 1024, reserved::addAndGet);

        assertThat(body.length()).isEqualTo(thirty.length);
        assertThat(body.bytes()).hasSize(BoundedBody.FIRST_BUFFER);
        assertThat(reserved.get()).isEqualTo(body.bytes().length);
    }

    @Test
    void aBodyAtTheLimitIsReadAndOneByteMoreIsNot() throws IOException {
        int limit = 3 * BoundedBody.FIRST_BUFFER + 7;
        AtomicLong reserved = new AtomicLong();

        BoundedBody atLimit = BoundedBody.read(trickle(new byte[limit]), limit, reserved::addAndGet);
        BoundedBody over = BoundedBody.read(trickle(new byte[limit + 1]), limit, bytes -> { });

        assertThat(atLimit.length()).isEqualTo(limit);
        // the buffer grows with what arrives and never beyond the limit plus the byte that tells "over"
        assertThat(atLimit.bytes().length).isLessThanOrEqualTo(limit + 1);
        assertThat(reserved.get()).isEqualTo(atLimit.bytes().length);
        assertThat(over).isNull();
    }

    @Test
    void aRequestWaitsForItsShareAndIsBusyWhenItDoesNotCome() {
        int maxBody = 1000;
        BodyBudget budget = new BodyBudget(2L * maxBody, maxBody, Duration.ofMillis(1));
        BodyBudget.Lease first = budget.lease();
        first.reserve(2 * maxBody);

        BodyBudget.Lease second = budget.lease();
        assertThatThrownBy(() -> second.reserve(1)).isInstanceOf(BodyBudget.BusyException.class);

        first.close();
        second.reserve(maxBody);
        assertThat(budget.available()).isEqualTo(maxBody);
        second.close();
        assertThat(budget.available()).isEqualTo(2 * maxBody);
    }

    /** Delivers a few bytes per read, as a network does. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 8192));
            }
        };
    }
}
