package io.paperstream.query.stream;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One client's stream of one theme. Live papers that arrive while its replay is still being read are held
 * (bounded) and sent after the replay; a paper is never sent twice nor out of sequence order.
 * <p>
 * Every method only hands items to the emitter, whose buffer is bounded: nothing here waits on the client.
 */
final class ThemeSubscriber {

    private final MultiEmitter<? super StreamItem> emitter;
    private final int pendingLimit;
    /** Live papers held until the replay is sent; null once live. */
    private List<StreamItem.Paper> pending = new ArrayList<>();
    private long lastSequence;

    /** @param lastSequence papers up to this sequence are not sent (the client has them) */
    ThemeSubscriber(MultiEmitter<? super StreamItem> emitter, int pendingLimit, long lastSequence) {
        this.emitter = emitter;
        this.pendingLimit = pendingLimit;
        this.lastSequence = lastSequence;
    }

    synchronized void deliver(StreamItem.Paper paper) {
        if (pending == null) {
            send(paper);
        } else if (pending.size() < pendingLimit) {
            pending.add(paper);
        } else {
            emitter.fail(new IllegalStateException("the subscriber fell behind while its replay was read"));
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
        emitter.emit(new StreamItem.Comment(text));
    }

    void fail(Throwable failure) {
        emitter.fail(failure);
    }

    private void send(StreamItem.Paper paper) {
        if (paper.sequence() > lastSequence) {
            lastSequence = paper.sequence();
            emitter.emit(paper);
        }
    }
}
