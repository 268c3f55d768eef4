package io.paperstream.query.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.paperstream.query.catalog.CatalogWriter;
import io.paperstream.query.catalog.MaterializedPaper;
import io.paperstream.query.catalog.PaperChange;
import io.paperstream.query.catalog.SearchIndexer;
import io.paperstream.query.catalog.WriteResult;
import io.paperstream.query.config.QueryConfig;
import io.paperstream.query.metrics.MaterializationMetrics;
import io.smallrye.common.annotation.Blocking;

/**
 * Materializes papers.enriched, one poll's batch at a time, in one database transaction per batch.
 * <p>
 * Offsets: the method returns only after the transaction has committed; the connector then acknowledges the
 * batch (the latest offset of each partition in it) and its throttled commit strategy commits acknowledged
 * offsets only. A crash before the commit redelivers the batch, which the idempotent upsert absorbs: nothing
 * is lost, nothing counted twice. If the method throws, the batch is nacked and the channel's failure strategy
 * ({@code fail}) stops consumption without committing.
 */
@ApplicationScoped
public class EnrichedPaperConsumer {

    private static final Logger LOG = Logger.getLogger(EnrichedPaperConsumer.class);

    @Inject
    CatalogWriter writer;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    SearchIndexer searchIndexer;

    @Inject
    MaterializationMetrics metrics;

    @Inject
    QueryConfig config;

    @Incoming("papers-enriched")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<AcceptedRecord> accepted = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            EnrichedPaperDecoder.Decoded decoded = EnrichedPaperDecoder.decode(record);
            if (decoded instanceof EnrichedPaperDecoder.Accepted ok) {
                accepted.add(new AcceptedRecord(record, ok.change()));
            } else if (decoded instanceof EnrichedPaperDecoder.Rejected rejected) {
                deadLetter(record, rejected.reason(), rejected);
            }
        }
        long start = System.nanoTime();
        WriteResult result = writeWithRetries(accepted);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.batch(records.count(), result, took);
        LOG.debugf("batch of %d records: %d materialized, %d unchanged, %d removed in %d ms", records.count(),
                result.materialized().size(), result.unchanged(), result.removed(), took.toMillis());
        if (!result.materialized().isEmpty()) {
            searchIndexer.wake();
        }
    }

    private WriteResult writeWithRetries(List<AcceptedRecord> batch) {
        Duration backoff = config.materializer().retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                return write(batch);
            } catch (RuntimeException e) {
                if (attempt >= config.materializer().maxAttempts()) {
                    throw e;
                }
                LOG.warnf("writing a batch of %d records failed (attempt %d of %d), retrying in %s: %s",
                        batch.size(), attempt, config.materializer().maxAttempts(), backoff, e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /**
     * The whole batch in one transaction; when the database refuses some value, the records one by one instead,
     * dead-lettering those it refuses, so a record the decoder let through still cannot block the partition.
     */
    private WriteResult write(List<AcceptedRecord> batch) {
        try {
            return writer.write(batch.stream().map(AcceptedRecord::change).toList());
        } catch (RuntimeException e) {
            if (!CatalogFailures.causedByData(e)) {
                throw e;
            }
            LOG.warnf("the catalog refused a batch of %d records (%s); writing them one at a time", batch.size(),
                    e.getMessage());
        }
        List<MaterializedPaper> materialized = new ArrayList<>();
        int unchanged = 0;
        int removed = 0;
        for (AcceptedRecord one : batch) {
            try {
                WriteResult result = writer.write(List.of(one.change()));
                materialized.addAll(result.materialized());
                unchanged += result.unchanged();
                removed += result.removed();
            } catch (RuntimeException e) {
                if (!CatalogFailures.causedByData(e)) {
                    throw e;
                }
                deadLetter(one.record(), CatalogFailures.describe(e), null);
            }
        }
        return new WriteResult(materialized, unchanged, removed);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason,
            EnrichedPaperDecoder.Rejected rejected) {
        deadLetters.publish(record, reason, rejected == null ? null : rejected.paper());
        metrics.deadLettered();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a batch", e);
        }
    }

    private record AcceptedRecord(ConsumerRecord<String, byte[]> record, PaperChange change) {
    }
}
