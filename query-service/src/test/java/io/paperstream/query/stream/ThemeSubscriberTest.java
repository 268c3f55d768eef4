package io.paperstream.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureStrategy;

class ThemeSubscriberTest {

    private final AtomicReference<ThemeSubscriber> subscriber = new AtomicReference<>();
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private final AtomicReference<String> dropReason = new AtomicReference<>();

    @Test
    void aLiveStreamStartsAtTheFeedsPositionAndEachIdIsThePositionAfterItsPaper() {
        AssertSubscriber<StreamItem> client = subscribe(10, null, 100);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.parse("0-5.1-3"));
        stream.deliver(record(1, 3));
        stream.deliver(record(0, 5));
        stream.deliver(record(0, 7)); // 6 was a commit marker or a skipped record
        assertThat(papers(client)).containsExactly("1@3", "0@5", "0@7");
        assertThat(ids(client)).containsExactly("0-5.1-4", "0-6.1-4", "0-8.1-4");
        assertThat(stream.position()).isEqualTo(StreamPosition.parse("0-8.1-4"));
    }

    @Test
    void aResumedStreamHoldsLiveRecordsUntilItCaughtUpAndSendsNothingTwice() {
        AssertSubscriber<StreamItem> client = subscribe(10, StreamPosition.parse("0-2.1-1"), 100);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.parse("0-4.1-1"));
        // live records from the feed's position on: held
        stream.deliver(record(0, 4));
        stream.deliver(record(1, 1));
        assertThat(papers(client)).isEmpty();
        // the catch-up: 0@1 is below the client's id (it has it), 0@2 and 0@3 it missed
        stream.caughtUp(List.of(record(0, 1), record(0, 2), record(0, 3)));
        stream.deliver(record(0, 4)); // again (a feed never does, but nothing may be sent twice)
        stream.deliver(record(0, 5));
        assertThat(papers(client)).containsExactly("0@2", "0@3", "0@4", "1@1", "0@5");
        assertThat(ids(client)).containsExactly("0-3.1-1", "0-4.1-1", "0-5.1-1", "0-5.1-2", "0-6.1-2");
    }

    @Test
    void anIdAheadOfThisInstancesFeedDropsTheLiveRecordsTheClientAlreadyHas() {
        // another instance sent up to 0@9; this one's feed stands at 0-7
        AssertSubscriber<StreamItem> client = subscribe(10, StreamPosition.parse("0-10"), 100);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.parse("0-7"));
        stream.caughtUp(List.of());
        for (long offset = 7; offset <= 11; offset++) {
            stream.deliver(record(0, offset));
        }
        assertThat(papers(client)).containsExactly("0@10", "0@11");
    }

    @Test
    void aPartialCatchUpEndsTheStreamAtTheLastPaperSent() {
        AssertSubscriber<StreamItem> client = subscribe(10, StreamPosition.parse("0-0.1-0"), 100);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.parse("0-9.1-9"));
        stream.deliver(record(0, 9));
        stream.endAfter(List.of(record(0, 0), record(1, 0)));
        client.assertCompleted();
        assertThat(papers(client)).containsExactly("0@0", "1@0");
        assertThat(ids(client)).last().isEqualTo("0-1.1-1");
    }

    @Test
    void aClientThatReadsKeepsItsStream() {
        AssertSubscriber<StreamItem> client = subscribe(3, null, Long.MAX_VALUE);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.START);
        for (long offset = 0; offset < 100; offset++) {
            stream.deliver(record(0, offset));
        }
        assertThat(papers(client)).hasSize(100);
        assertThat(disconnected).isFalse();
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAtOnce() {
        AssertSubscriber<StreamItem> client = subscribe(3, null, 1);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.START);
        for (long offset = 0; offset < 5; offset++) {
            stream.deliver(record(0, offset));
        }
        assertThat(disconnected).isTrue();
        assertThat(papers(client)).containsExactly("0@0");
    }

    @Test
    void aClientWhoseBacklogExceedsItsBytesIsDisconnectedThoughFewEventsWait() {
        // one taken, then each paper of 100 characters waits: 3 of them fit in 350 bytes, the 4th does not
        AssertSubscriber<StreamItem> client = subscribe(1000, 350, null, 1);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.START);
        for (long offset = 0; offset < 4; offset++) {
            stream.deliver(new ThemeRecord(0, offset, List.of("a-theme"), "x".repeat(100)));
        }
        assertThat(disconnected).isFalse();
        stream.deliver(new ThemeRecord(0, 4, List.of("a-theme"), "x".repeat(100)));
        assertThat(disconnected).isTrue();
        assertThat(dropReason.get()).contains("350 bytes");
        assertThat(client.getItems()).hasSize(1);
        // a drop is the client's doing, not a failure of the service (which the HTTP layer would log as an error)
        assertThat(client.getFailure()).isNull();
    }

    @Test
    void aClientWhoseOldestEventWaitedLongerThanTheWriteTimeoutIsDisconnected() {
        Duration timeout = Duration.ofSeconds(30);
        AssertSubscriber<StreamItem> client = subscribe(1000, null, 1);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.START);
        stream.comment("keep-alive");
        stream.comment("keep-alive");
        long queuedAt = System.nanoTime();
        // the clock is passed in: just before the timeout it stays, just after it goes
        stream.dropIfStalled(queuedAt + timeout.toNanos() - Duration.ofSeconds(1).toNanos(), timeout);
        assertThat(disconnected).isFalse();
        stream.dropIfStalled(queuedAt + timeout.toNanos() + Duration.ofSeconds(1).toNanos(), timeout);
        assertThat(disconnected).isTrue();
        assertThat(dropReason.get()).contains("30S");
        assertThat(client.getFailure()).isNull();
    }

    @Test
    void aClientThatTookEverythingIsNeverStalled() {
        subscribe(1000, null, Long.MAX_VALUE);
        ThemeSubscriber stream = subscriber.get();
        stream.joined(StreamPosition.START);
        stream.comment("keep-alive");
        stream.dropIfStalled(System.nanoTime() + Duration.ofDays(1).toNanos(), Duration.ofSeconds(1));
        assertThat(disconnected).isFalse();
    }

    @Test
    void aSubscriberThatFallsBehindDuringItsCatchUpIsDisconnected() {
        subscribe(10, StreamPosition.START, 100);
        ThemeSubscriber catchingUp = subscriber.get();
        catchingUp.joined(StreamPosition.START);
        for (long offset = 0; offset <= 10; offset++) {
            catchingUp.deliver(record(0, offset));
        }
        assertThat(disconnected).isTrue();
    }

    private AssertSubscriber<StreamItem> subscribe(int capacity, StreamPosition resumeFrom, long demand) {
        return subscribe(capacity, Long.MAX_VALUE, resumeFrom, demand);
    }

    private AssertSubscriber<StreamItem> subscribe(int capacity, long maxBacklogBytes, StreamPosition resumeFrom,
            long demand) {
        Multi<StreamItem> multi = Multi.createFrom().<StreamItem>emitter(emitter -> subscriber.set(
                new ThemeSubscriber(emitter, capacity, maxBacklogBytes, resumeFrom, reason -> {
                    assertThat(disconnected.getAndSet(true)).as("dropped once").isFalse();
                    dropReason.set(reason);
                })), BackPressureStrategy.BUFFER)
                .onItem().invoke(item -> subscriber.get().handedOver(item));
        return multi.subscribe().withSubscriber(AssertSubscriber.create(demand));
    }

    /** A record whose JSON names where it came from. */
    private static ThemeRecord record(int partition, long offset) {
        return new ThemeRecord(partition, offset, List.of("a-theme"), partition + "@" + offset);
    }

    private static List<String> papers(AssertSubscriber<StreamItem> client) {
        return client.getItems().stream().filter(StreamItem.Paper.class::isInstance)
                .map(item -> ((StreamItem.Paper) item).json()).toList();
    }

    private static List<String> ids(AssertSubscriber<StreamItem> client) {
        return client.getItems().stream().filter(StreamItem.Paper.class::isInstance)
                .map(item -> ((StreamItem.Paper) item).id()).toList();
    }
}
