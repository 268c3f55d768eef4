package io.paperstream.ingest.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Records sent as one unit: all are handed to the producer first (so they batch), then {@link #awaitAll} waits
 * until the broker acknowledged every one, or fails at the first failure instead of waiting out the rest.
 * A failure caused by one record itself (too large, invalid) ends in {@link RecordRefusedException} naming it;
 * any other in {@link BrokerUnavailableException}. Not thread-safe for senders; the producer's I/O thread
 * completes it.
 */
public final class Deliveries {

    private final Producer<String, byte[]> producer;
    /** Told about a failure that no retry on this producer can mend, so that the producer is replaced. */
    private final Consumer<Throwable> fatalFailures;
    /** Sends not yet acknowledged, plus one for the sender until it calls {@link #awaitAll}. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final CompletableFuture<Void> outcome = new CompletableFuture<>();
    private int sent;

    public Deliveries(Producer<String, byte[]> producer) {
        this(producer, failure -> { });
    }

    public Deliveries(Producer<String, byte[]> producer, Consumer<Throwable> fatalFailures) {
        this.producer = producer;
        this.fatalFailures = fatalFailures;
    }

    /**
     * Hands a record to the producer; fails fast once any earlier record of this unit has failed.
     *
     * @param line        the digest line the record comes from, named if the record itself is refused
     * @param description what the record is, for the same purpose ("the paper on line 5")
     */
    public void send(ProducerRecord<String, byte[]> record, int line, String description) {
        if (outcome.isCompletedExceptionally()) {
            throw translate(failure());
        }
        pending.incrementAndGet();
        try {
            producer.send(record, (metadata, exception) -> completed(exception, line, description));
            sent++;
        } catch (KafkaException | IllegalStateException e) {
            // send() throws for a closed producer or an unserializable record; most errors come via the callback
            RuntimeException failure = classify(e, line, description);
            outcome.completeExceptionally(failure);
            throw translate(failure);
        }
    }

    /** For records that come from no particular line (tests). */
    public void send(ProducerRecord<String, byte[]> record) {
        send(record, 0, "a record");
    }

    public int sent() {
        return sent;
    }

    private void completed(Exception exception, int line, String description) {
        if (exception != null) {
            outcome.completeExceptionally(classify(exception, line, description));
        } else if (pending.decrementAndGet() == 0) {
            outcome.complete(null);
        }
    }

    /**
     * A record refused for what it is stays refused whatever is retried; a retriable error (timeouts, leader
     * changes, too few replicas) may pass on a retry; anything else (closed producer, fenced, unauthorized) is
     * fatal to this producer, which is therefore reported for replacement.
     */
    private RuntimeException classify(Exception exception, int line, String description) {
        if (exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException
                || exception instanceof InvalidRecordException || exception instanceof SerializationException) {
            return new RecordRefusedException(line, description, exception);
        }
        if (!(exception instanceof RetriableException)) {
            fatalFailures.accept(exception);
        }
        return unavailable(exception);
    }

    /** Waits until every sent record is acknowledged. */
    public void awaitAll(Duration timeout) {
        if (pending.decrementAndGet() == 0) {
            outcome.complete(null);
        }
        try {
            outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
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

    private static RuntimeException translate(Throwable failure) {
        if (failure instanceof RecordRefusedException || failure instanceof BrokerUnavailableException) {
            return (RuntimeException) failure;
        }
        return unavailable(failure);
    }

    private static BrokerUnavailableException unavailable(Throwable cause) {
        return new BrokerUnavailableException("the broker did not take the records: "
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage()), cause);
    }
}
