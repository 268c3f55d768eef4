package io.paperstream.query.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One client's stream of one theme. Live papers that arrive while its replay is still being read are held and
 * sent after the replay; a paper is never sent twice nor out of sequence order.
 * <p>
 * Nothing here waits on the client: items are handed to the emitter, and a client that lets more than
 * {@code capacity} of them pile up (it stopped reading) is dropped at once, by {@code onOverflow}, which closes
 * its connection, rather than after it has read what is queued for it.
 */
final class ThemeSubscriber {

    private final MultiEmitter<? super StreamItem> emitter;
    private final int capacity;
    private final Runnable onOverflow;
    /** Items emitted and not yet taken by the HTTP layer. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Live papers held until the replay is sent; null once live. */
    private List<StreamItem.Paper> pending = new ArrayList<>();
    private long lastSequence;
    private boolean dropped;

    /**
     * @param capacity     items that may wait for the client (also bounds the live papers held during a replay)
     * @param lastSequence papers up to this sequence are not sent (the client has them)
     */
    ThemeSubscriber(MultiEmitter<? super StreamItem> emitter, int capacity, long lastSequence, Runnable onOverflow) {
        this.emitter = emitter;
        this.capacity = capacity;
        this.lastSequence = lastSequence;
        this.onOverflow = onOverflow;
    }

    synchronized void deliver(StreamItem.Paper paper) {
        if (pending == null) {
            send(paper);
        } else if (pending.size() < capacity) {
            pending.add(paper);
        } else {
            drop();
        }
    }

    /** Sends the replay, then what arrived meanwhile, and goes live. */
    synchronized void goLive(List<StreamItem.Paper> replayed) {
        replayed.forEach(this::send);
        List<StreamItem.Paper> held = pending;
        pending = null;
        if (held != null) {
            held.forEach(this::send);
        }
    }

    /** Sends a partial replay and ends the stream; the client's reconnection resumes after it. */
    synchronized void endAfter(List<StreamItem.Paper> replayed) {
        replayed.forEach(this::send);
        pending = null;
        emitter.complete();
    }

    synchronized void comment(String text) {
        emit(new StreamItem.Comment(text));
    }

    /** The HTTP layer took one item. */
    void handedOver() {
        queued.decrementAndGet();
    }

    void fail(Throwable failure) {
        emitter.fail(failure);
    }

    private void send(StreamItem.Paper paper) {
        if (paper.sequence() > lastSequence) {
            lastSequence = paper.sequence();
            emit(paper);
        }
    }

    private void emit(StreamItem item) {
        if (dropped) {
            return;
        }
        if (queued.get() >= capacity) {
            drop();
            return;
        }
        queued.incrementAndGet();
        emitter.emit(item);
    }

    private void drop() {
        if (!dropped) {
            dropped = true;
            onOverflow.run();
            emitter.fail(new SubscriberOverflowException("the subscriber did not keep up with its stream"));
        }
    }

    /** Why a subscriber was dropped. */
    static final class SubscriberOverflowException extends RuntimeException {

        SubscriberOverflowException(String message) {
            super(message);
        }
    }
}
