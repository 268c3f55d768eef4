package io.paperstream.ingest.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** Everything under {@code paperstream.ingest.*}; each value is also settable by env var (a.b-c ↔ A_B_C). */
@ConfigMapping(prefix = "paperstream.ingest")
public interface IngestConfig {

    /**
     * Bearer token that {@code POST /digests} requires ({@code PAPERSTREAM_INGEST_TOKEN}); without one, writes
     * are open. Reads (health, OpenAPI, metrics) are always open.
     */
    Optional<String> token();

    /** Largest digest body accepted; larger bodies get 413. Keep below {@code quarkus.http.limits.max-body-size}. */
    MemorySize maxBodySize();

    /**
     * Body bytes all requests together may hold until they are answered; bounds the heap a burst of large POSTs
     * needs. Must be above {@link #maxBodySize()}.
     */
    MemorySize maxBodyBytesInFlight();

    /** How long a request waits for its share of {@link #maxBodyBytesInFlight()} before it is answered 503. */
    Duration bodyBudgetWait();

    /** The {@code source} recorded when a POST gives none. */
    String defaultSource();

    /**
     * Records (valid or rejected) one digest may hold; the parser stops at the first one beyond it. The shared
     * {@code paperstream.limits.*} bound each record, this bounds how many a body may multiply them by.
     */
    int maxRecordsPerDigest();

    /**
     * Characters of a rejected block kept on the dead-letter topic; longer blocks are cut so a record never
     * exceeds the producer's request size.
     */
    int maxDeadLetterTextLength();

    Kafka kafka();

    /** How the service talks to the broker. */
    interface Kafka {

        /** Upper bound for a record to be acknowledged, retries included; past it the POST answers 503. */
        Duration deliveryTimeout();

        /** How long one produce request may wait for the broker. */
        Duration requestTimeout();

        /** How long a send may block for metadata or buffer space. */
        Duration maxBlock();

        /** Extra wait for acknowledgements beyond the delivery timeout, for callbacks still on their way. */
        Duration ackGrace();

        /** How long the producer waits to fill a batch. */
        Duration linger();

        MemorySize batchSize();

        /** lz4: pure-Java fallback, no native library needed, cheap on CPU. */
        String compression();

        MemorySize bufferMemory();

        /** Timeout of admin calls: topic creation, readiness check. */
        Duration adminTimeout();

        /** Pause between attempts to create the topics while the broker is unreachable. */
        Duration topicRetryInterval();

        /** How long shutdown waits for in-flight records. */
        Duration closeTimeout();
    }
}
