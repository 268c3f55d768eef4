package io.paperstream.query.catalog;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paperstream.query.config.QueryConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The background worker of {@link SearchIndex}: one thread that indexes pending papers chunk after chunk, and
 * sleeps when none is left until the materializer signals a new batch (or the idle interval passes, which also
 * covers papers written by another instance). While batches keep landing it pauses between chunks as long as a
 * chunk took, so materialization keeps priority.
 */
@ApplicationScoped
public class SearchIndexer {

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class);

    @Inject
    SearchIndex index;

    @Inject
    QueryConfig config;

    @Inject
    MeterRegistry registry;

    private final Semaphore signal = new Semaphore(0);
    private long indexedSinceAnalyze;
    private volatile long lastBatchAt = System.nanoTime();
    private volatile boolean running;
    private Thread worker;
    private Counter indexed;

    void onStart(@Observes StartupEvent event) {
        indexed = Counter.builder("paperstream.query.search.indexed")
                .description("Papers whose full-text vector was computed").register(registry);
        if (!config.search().indexEnabled()) {
            LOG.info("search indexer disabled on this instance: papers become searchable when another one runs it");
            return;
        }
        running = true;
        worker = new Thread(this::run, "paperstream-search-indexer");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** A batch was committed: there may be papers to index. Never blocks. */
    public void wake() {
        lastBatchAt = System.nanoTime();
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    private void run() {
        int chunk = config.search().indexChunkSize();
        Duration idle = config.search().indexIdleInterval();
        Duration backoff = idle;
        while (running) {
            try {
                long start = System.nanoTime();
                int done = indexChunk(chunk);
                long took = System.nanoTime() - start;
                indexed.increment(done);
                indexedSinceAnalyze += done;
                backoff = idle;
                if (done < chunk) {
                    analyzeAfterBulk();
                    signal.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                } else if (System.nanoTime() - lastBatchAt < idle.toNanos()) {
                    // papers are landing: leave them at least half of the database's time, so a burst becomes
                    // listable fast and searchable right after
                    TimeUnit.NANOSECONDS.sleep(took);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // the database is away (or shutting down): try again later, less and less often
                LOG.warnf("search indexing failed, retrying in %s: %s", backoff, e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Once caught up after many papers, refreshes the planner statistics rather than waiting for autovacuum to
     * notice: queries right after a bulk load then get the plans they get in steady state.
     */
    private void analyzeAfterBulk() {
        if (indexedSinceAnalyze >= config.search().analyzeAfter()) {
            index.analyze();
            LOG.debugf("analyzed the catalog tables after %d newly indexed papers", indexedSinceAnalyze);
            indexedSinceAnalyze = 0;
        }
    }

    private int indexChunk(int chunk) {
        try {
            return index.indexPending(chunk);
        } catch (RuntimeException e) {
            // one paper PostgreSQL cannot index must not stop the others
            LOG.debugf("indexing a chunk failed (%s); indexing one by one", e.getMessage());
            return index.indexPendingOneByOne(chunk);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
