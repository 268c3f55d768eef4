package io.paperstream.query.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One client's stream of one theme, and its {@link StreamPosition}. A record is sent only when it is at or above
 * the position on its partition, which then moves past it: a paper is never sent twice nor out of offset order
 * within its partition. Live records that arrive while a resumed subscriber is still catching up are held and
 * sent after the catch-up.
 * <p>
 * Nothing here waits on the client: items are handed to the emitter, and a client that lets more than
 * {@code capacity} of them, or more than {@code maxBacklogBytes} of them, pile up (it stopped reading), or whose
 * oldest waiting item waited longer than the write timeout ({@link #stalledLongerThan}), is dropped at once, by
 * {@code onDrop}, which frees its slot and closes its connection, rather than after it has read what is queued for it.
 */
final class ThemeSubscriber {

    private final MultiEmitter<? super StreamItem> emitter;
    private final int capacity;
    private final long maxBacklogBytes;
    /** Gets the reason: frees the slot and closes the connection. */
    private final Consumer<String> onDrop;
    /** Where a resumed stream starts (its Last-Event-ID); null for a stream that starts live. */
    private final StreamPosition resumeFrom;
    /** Items emitted and not yet taken by the HTTP layer. */
    private final AtomicInteger queued = new AtomicInteger();
    /** {@link StreamItem#size()} of the items emitted and not yet taken. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** When the oldest item not yet taken started waiting (System.nanoTime); meaningless while none waits. */
    private volatile long waitingSince;
    /** Live records held until the catch-up is sent; null once live. */
    private List<ThemeRecord> pending = new ArrayList<>();
    /** Null until the stream starts (live, or from {@link #resumeFrom}). */
    private StreamPosition position;
    private boolean dropped;
    private volatile boolean closed;

    /**
     * @param capacity        items that may wait for the client (also bounds the live records held during a
     *                        catch-up)
     * @param maxBacklogBytes bytes of items that may wait for the client
     * @param resumeFrom      the client's last event id, or null to start with the live records
     * @param onDrop          called once, with the reason, when the subscriber is dropped
     */
    ThemeSubscriber(MultiEmitter<? super StreamItem> emitter, int capacity, long maxBacklogBytes,
            StreamPosition resumeFrom, Consumer<String> onDrop) {
        this.emitter = emitter;
        this.capacity = capacity;
        this.maxBacklogBytes = maxBacklogBytes;
        this.resumeFrom = resumeFrom;
        this.position = resumeFrom;
        this.onDrop = onDrop;
    }

    /** The client's last event id, or null when it starts live. */
    StreamPosition resumeFrom() {
        return resumeFrom;
    }

    synchronized StreamPosition position() {
        return position;
    }

    /**
     * The feed now hands this subscriber every record at or above {@code live}. A stream that starts live starts
     * there; a resumed one keeps holding live records until {@link #caughtUp}.
     */
    synchronized void joined(StreamPosition live) {
        if (resumeFrom == null) {
            position = live;
            flush(List.of());
        }
    }

    /** A live record from the feed. */
    synchronized void deliver(ThemeRecord record) {
        if (pending == null) {
            send(record);
        } else if (pending.size() < capacity) {
            pending.add(record);
        } else {
            drop("more than " + capacity + " papers arrived while it was catching up");
        }
    }

    /** Sends the catch-up, then the live records that arrived meanwhile, and goes live. */
    synchronized void caughtUp(List<ThemeRecord> replayed) {
        flush(replayed);
    }

    /** Sends a partial catch-up and ends the stream; the client's reconnection resumes after it. */
    synchronized void endAfter(List<ThemeRecord> replayed) {
        replayed.forEach(this::send);
        pending = null;
        if (!dropped) {
            emitter.complete();
        }
    }

    synchronized void comment(String text) {
        emit(new StreamItem.Comment(text));
    }

    /** The HTTP layer took one item: the previous one is written, the next one (if any) starts waiting. */
    void handedOver(StreamItem item) {
        waitingSince = System.nanoTime();
        queued.decrementAndGet();
        queuedBytes.addAndGet(-item.size());
    }

    /**
     * Drops the subscriber when its oldest waiting item has waited longer than {@code timeout}: the HTTP layer takes
     * the next item only once the previous one is written, so it stopped reading (or reads too slowly to matter).
     */
    synchronized void dropIfStalled(long nowNanos, Duration timeout) {
        if (queued.get() > 0 && nowNanos - waitingSince > timeout.toNanos()) {
            drop("nothing could be written to it for " + timeout);
        }
    }

    /**
     * Ends the stream with an error, when a client still listens: a client that went away meanwhile (a join can
     * wait seconds on a loaded broker) has no one to receive it, and Mutiny would log the dropped failure as an
     * ERROR with its stack trace; the caller has logged why already.
     */
    void fail(Throwable failure) {
        if (!closed && !emitter.isCancelled()) {
            emitter.fail(failure);
        }
    }

    /** The stream ended (client gone, dropped, completed): the feed may forget it. */
    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    private void flush(List<ThemeRecord> replayed) {
        replayed.forEach(this::send);
        List<ThemeRecord> held = pending;
        pending = null;
        if (held != null) {
            held.forEach(this::send);
        }
    }

    private void send(ThemeRecord record) {
        if (position.covers(record.partition(), record.offset())) {
            return;
        }
        position = position.after(record.partition(), record.offset());
        emit(new StreamItem.Paper(position.toString(), record.json()));
    }

    private void emit(StreamItem item) {
        if (dropped) {
            return;
        }
        if (queued.get() >= capacity) {
            drop("more than " + capacity + " events waited for it");
            return;
        }
        if (queuedBytes.get() + item.size() > maxBacklogBytes) {
            drop("more than " + maxBacklogBytes + " bytes of events waited for it");
            return;
        }
        if (queued.getAndIncrement() == 0) {
            waitingSince = System.nanoTime();
        }
        queuedBytes.addAndGet(item.size());
        emitter.emit(item);
    }

    /**
     * Frees the slot and closes the connection now (see {@code onDrop}); the stream then ends normally: a drop is a
     * client's doing, not a failure of the service (it reconnects with its Last-Event-ID and misses nothing).
     */
    private void drop(String reason) {
        if (!dropped) {
            dropped = true;
            onDrop.accept(reason);
            emitter.complete();
        }
    }
}
