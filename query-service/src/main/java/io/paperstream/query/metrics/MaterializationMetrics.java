package io.paperstream.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paperstream.query.catalog.write.WriteResult;

/** Meters of the materialization: what each batch did. */
@ApplicationScoped
public class MaterializationMetrics {

    /**
     * What this instance's batches did to papers since it started, as /stats shows it: a client that reads it
     * before and after its input was materialized tells new, updated and unchanged papers apart by the difference.
     *
     * @param since     when this instance started counting (a different value means another process: start from 0)
     * @param added     papers the catalog did not have
     * @param updated   papers whose title, summary, source, related counts or themes changed
     * @param unchanged papers rewritten by a newer version with the same content (the same text again, a retag
     *                  giving the same themes); records older than the stored version (redeliveries, a retag
     *                  replaying superseded versions) are not counted: they are no outcome of the paper
     * @param removed   papers removed by tombstones
     */
    public record PaperTotals(Instant since, long added, long updated, long unchanged, long removed) {
    }

    private final Instant since = Instant.now();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong unchangedPapers = new AtomicLong();
    private final AtomicLong removedPapers = new AtomicLong();

    private final Counter materialized;
    private final Counter unchanged;
    private final Counter removed;
    private final Counter deadLettered;
    private final DistributionSummary batchSize;
    private final Timer batchWrite;

    @Inject
    public MaterializationMetrics(MeterRegistry registry) {
        materialized = Counter.builder("paperstream.query.papers.materialized")
                .description("Papers inserted or replaced by a newer version").register(registry);
        unchanged = Counter.builder("paperstream.query.records.unchanged")
                .description("Records that changed nothing: redeliveries and older versions arriving late")
                .register(registry);
        removed = Counter.builder("paperstream.query.papers.removed")
                .description("Papers removed by tombstones").register(registry);
        deadLettered = Counter.builder("paperstream.query.records.dead-lettered")
                .description("Records sent to the dead-letter topic").register(registry);
        batchSize = DistributionSummary.builder("paperstream.query.batch.size")
                .description("Records per papers.enriched batch").baseUnit("records")
                .publishPercentileHistogram().register(registry);
        batchWrite = Timer.builder("paperstream.query.batch.write")
                .description("Time to write one batch to the catalog, commit included").register(registry);
    }

    public void batch(int records, WriteResult result, Duration write) {
        batchSize.record(records);
        batchWrite.record(write);
        materialized.increment(result.materialized());
        unchanged.increment(result.unchanged());
        removed.increment(result.removed());
        added.addAndGet(result.inserted());
        updated.addAndGet(result.updated());
        unchangedPapers.addAndGet(result.refreshed());
        removedPapers.addAndGet(result.removed());
    }

    public PaperTotals paperTotals() {
        return new PaperTotals(since, added.get(), updated.get(), unchangedPapers.get(), removedPapers.get());
    }

    public void deadLettered() {
        deadLettered.increment();
    }
}
