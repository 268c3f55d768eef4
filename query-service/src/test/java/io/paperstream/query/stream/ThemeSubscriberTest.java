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
    void liveEventsDuringTheReplayFollowItWithoutDuplicates() {
        AssertSubscriber<StreamItem> client = subscribe(10, 5, 100);
        ThemeSubscriber stream = subscriber.get();
        stream.deliver(paper(7));
        stream.deliver(paper(8));
        stream.goLive(List.of(paper(6), paper(7)));
        stream.deliver(paper(9));
        stream.deliver(paper(8));
        assertThat(sequences(client)).containsExactly(6L, 7L, 8L, 9L);
    }

    @Test
    void papersTheClientAlreadyHasAreNotSentAgain() {
        AssertSubscriber<StreamItem> client = subscribe(10, 5, 100);
        subscriber.get().goLive(List.of(paper(4), paper(5), paper(6)));
        assertThat(sequences(client)).containsExactly(6L);
    }

    @Test
    void aPartialReplayEndsTheStream() {
        AssertSubscriber<StreamItem> client = subscribe(10, 0, 100);
        subscriber.get().endAfter(List.of(paper(1), paper(2)));
        client.assertCompleted();
        assertThat(sequences(client)).containsExactly(1L, 2L);
    }

    @Test
    void aClientThatReadsKeepsItsStream() {
        AssertSubscriber<StreamItem> client = subscribe(3, 0, Long.MAX_VALUE);
        ThemeSubscriber stream = subscriber.get();
        stream.goLive(List.of());
        for (long sequence = 1; sequence <= 100; sequence++) {
            stream.deliver(paper(sequence));
        }
        assertThat(sequences(client)).hasSize(100);
        assertThat(disconnected).isFalse();
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAtOnce() {
        AssertSubscriber<StreamItem> client = subscribe(3, 0, 1);
        ThemeSubscriber stream = subscriber.get();
        stream.goLive(List.of());
        for (long sequence = 1; sequence <= 5; sequence++) {
            stream.deliver(paper(sequence));
        }
        assertThat(disconnected).isTrue();
        assertThat(sequences(client)).containsExactly(1L);
    }

    @Test
    void aSubscriberThatFallsBehindDuringItsReplayIsDisconnected() {
        subscribe(10, 0, 100);
        ThemeSubscriber replaying = subscriber.get();
        for (long sequence = 1; sequence <= 11; sequence++) {
            replaying.deliver(paper(sequence));
        }
        assertThat(disconnected).isTrue();
    }

    private AssertSubscriber<StreamItem> subscribe(int capacity, long lastSequence, long demand) {
        Multi<StreamItem> multi = Multi.createFrom().<StreamItem>emitter(emitter -> subscriber.set(
                new ThemeSubscriber(emitter, capacity, lastSequence, () -> disconnected.set(true))),
                BackPressureStrategy.BUFFER)
                .onItem().invoke(item -> subscriber.get().handedOver());
        return multi.subscribe().withSubscriber(AssertSubscriber.create(demand));
    }

    private static StreamItem.Paper paper(long sequence) {
        return new StreamItem.Paper(sequence, "{\"sequence\":" + sequence + "}");
    }

    private static List<Long> sequences(AssertSubscriber<StreamItem> client) {
        return client.getItems().stream().filter(StreamItem.Paper.class::isInstance)
                .map(item -> ((StreamItem.Paper) item).sequence()).toList();
    }
}
