package io.paperstream.ingest.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Records sent as one unit: all are handed to the producer first (so they batch), then {@link #awaitAll} waits
 * until the broker acknowledged every one, or fails at the first failure instead of waiting out the rest.
 * Not thread-safe for senders; the producer's I/O thread completes it.
 */
public final class Deliveries implements Callback {

    private final Producer<String, byte[]> producer;
    /** Sends not yet acknowledged, plus one for the sender until it calls {@link #awaitAll}. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final CompletableFuture<Void> outcome = new CompletableFuture<>();
    private int sent;

    public Deliveries(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Hands a record to the producer; fails fast once any earlier record of this unit has failed. */
    public void send(ProducerRecord<String, byte[]> record) {
        if (outcome.isCompletedExceptionally()) {
            throw unavailable(failure());
        }
        pending.incrementAndGet();
        try {
            producer.send(record, this);
            sent++;
        } catch (KafkaException | IllegalStateException e) {
            // send() throws for a closed producer or an unserializable record; most errors come via the callback
            outcome.completeExceptionally(e);
            throw unavailable(e);
        }
    }

    public int sent() {
        return sent;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            outcome.completeExceptionally(exception);
        } else if (pending.decrementAndGet() == 0) {
            outcome.complete(null);
        }
    }

    /** Waits until every sent record is acknowledged. */
    public void awaitAll(Duration timeout) {
        if (pending.decrementAndGet() == 0) {
            outcome.complete(null);
        }
        try {
            outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("the broker did not acknowledge " + pending.get() + " of " + sent
                    + " records within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the broker", e);
        }
    }

    private Throwable failure() {
        try {
            outcome.getNow(null);
            return null;
        } catch (Exception e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private static BrokerUnavailableException unavailable(Throwable cause) {
        return new BrokerUnavailableException("the broker did not take the records: "
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage()), cause);
    }
}
