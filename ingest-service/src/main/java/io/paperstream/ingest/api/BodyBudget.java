package io.paperstream.ingest.api;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.paperstream.ingest.config.IngestConfig;

/**
 * The body bytes all requests together may hold ({@code paperstream.ingest.max-body-bytes-in-flight}): each body,
 * its text, records and events cost a few times its size until the answer, so the heap a burst of large POSTs
 * needs is bounded by this setting, not by how many arrive at once. A request reserves bytes as its buffer
 * grows (never what a header declares) and returns them when it is answered; one that cannot get them within
 * {@code body-budget-wait} is answered 503 (a retry can succeed once the others are done).
 */
@ApplicationScoped
public class BodyBudget {

    private final Semaphore bytes;
    private final long capacity;
    private final Duration wait;

    @Inject
    public BodyBudget(IngestConfig config) {
        this(config.maxBodyBytesInFlight().asLongValue(), config.maxBodySize().asLongValue(), config.bodyBudgetWait());
    }

    BodyBudget(long capacity, long maxBodySize, Duration wait) {
        if (capacity <= maxBodySize || capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("paperstream.ingest.max-body-bytes-in-flight must be above"
                    + " paperstream.ingest.max-body-size (one largest body must fit) and below 2G, not " + capacity);
        }
        this.capacity = capacity;
        // fair: a large body waiting for room is not overtaken for ever by small ones
        this.bytes = new Semaphore((int) capacity, true);
        this.wait = wait;
    }

    public Lease lease() {
        return new Lease();
    }

    public Duration waitLimit() {
        return wait;
    }

    /** Bytes still free; for tests and diagnostics. */
    public int available() {
        return bytes.availablePermits();
    }

    public long capacity() {
        return capacity;
    }

    /** The bytes one request holds; closing it gives them back. Used by one request thread. */
    public final class Lease implements AutoCloseable {

        private int held;

        /**
         * Reserves {@code more} bytes.
         *
         * @throws BusyException when they are not free within the wait
         */
        public void reserve(int more) {
            try {
                if (!bytes.tryAcquire(more, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new BusyException(held + more);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusyException(held + more);
            }
            held += more;
        }

        @Override
        public void close() {
            bytes.release(held);
            held = 0;
        }
    }

    /** Other requests hold the budget: this one is answered 503 with Retry-After. */
    public static final class BusyException extends RuntimeException {

        public BusyException(long wanted) {
            super("other digests being ingested hold the memory this one needs (" + wanted + " bytes)");
        }
    }
}
