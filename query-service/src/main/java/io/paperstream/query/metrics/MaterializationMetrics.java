package io.paperstream.query.metrics;

import java.time.Duration;

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
    }

    public void deadLettered() {
        deadLettered.increment();
    }
}
