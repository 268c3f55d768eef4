package io.paperstream.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

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
        Multi<StreamItem> multi = Multi.createFrom().<StreamItem>emitter(emitter -> subscriber.set(
                new ThemeSubscriber(emitter, capacity, resumeFrom, () -> disconnected.set(true))),
                BackPressureStrategy.BUFFER)
                .onItem().invoke(item -> subscriber.get().handedOver());
        return multi.subscribe().withSubscriber(AssertSubscriber.create(demand));
    }

    /** A record whose JSON names where it came from. */
    private static ThemeRecord record(int partition, long offset) {
        return new ThemeRecord(partition, offset, partition + "@" + offset);
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
