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

import io.paperstream.query.catalog.write.CatalogWriter;
import io.paperstream.query.catalog.write.PaperChange;
import io.paperstream.query.catalog.write.SearchIndexer;
import io.paperstream.query.catalog.write.WriteResult;
import io.paperstream.query.config.QueryConfig;
import io.paperstream.query.metrics.MaterializationMetrics;
import io.smallrye.common.annotation.Blocking;

/**
 * Materializes papers.enriched, one poll's batch at a time, in one database transaction per batch. The values
 * arrive decoded ({@link EnrichedRecordDeserializer} runs on the consumer's fetch path), so this thread only
 * sorts them and writes.
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
    public void consume(ConsumerRecords<String, EnrichedRecord> records) {
        List<AcceptedRecord> accepted = new ArrayList<>(records.count());
        for (ConsumerRecord<String, EnrichedRecord> record : records) {
            EnrichedRecord value = EnrichedPaperDecoder.withKey(record.key(), record.value());
            // the counter shard of the change: its partition, which this instance owns (see CatalogWriter)
            if (value instanceof EnrichedRecord.Accepted paper) {
                accepted.add(new AcceptedRecord(record, paper.bytes(),
                        new PaperChange.Upsert(paper.paper(), record.partition())));
            } else if (value instanceof EnrichedRecord.Tombstone) {
                accepted.add(new AcceptedRecord(record, null,
                        new PaperChange.Removal(record.key(), record.partition())));
            } else if (value instanceof EnrichedRecord.Rejected rejected) {
                deadLetter(record, rejected.bytes(), rejected.reason(), rejected.source());
            }
        }
        long start = System.nanoTime();
        WriteResult result = writeWithRetries(accepted);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.batch(records.count(), result, took);
        LOG.debugf("batch of %d records: %d materialized, %d unchanged, %d removed in %d ms", records.count(),
                result.materialized(), result.unchanged(), result.removed(), took.toMillis());
        if (result.materialized() > 0 || result.removed() > 0) {
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
        WriteResult total = WriteResult.NONE;
        for (AcceptedRecord one : batch) {
            try {
                total = total.plus(writer.write(List.of(one.change())));
            } catch (RuntimeException e) {
                if (!CatalogFailures.causedByData(e)) {
                    throw e;
                }
                EnrichedRecord.Provenance source = one.record().value() instanceof EnrichedRecord.Accepted paper
                        ? EnrichedPaperDecoder.provenanceOf(paper) : EnrichedRecord.Provenance.UNKNOWN;
                deadLetter(one.record(), one.bytes(), CatalogFailures.describe(e), source);
            }
        }
        return total;
    }

    private void deadLetter(ConsumerRecord<String, EnrichedRecord> record, byte[] value, String reason,
            EnrichedRecord.Provenance source) {
        deadLetters.publish(record, value, reason, source);
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

    /** @param bytes the value as received (null for a tombstone), for the dead letter */
    private record AcceptedRecord(ConsumerRecord<String, EnrichedRecord> record, byte[] bytes, PaperChange change) {
    }
}
