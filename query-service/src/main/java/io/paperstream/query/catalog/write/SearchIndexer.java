package io.paperstream.query.catalog.write;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * <p>
 * It cannot die silently: a cycle that throws an exception is logged and retried with a growing backoff; a thread
 * killed by an Error (an OutOfMemoryError caused by anything else in the process lands here too) is reported by
 * {@link #problem()} (health DOWN) and started again after {@code index-restart-delay}. It reports UP again once a
 * restarted thread has completed a cycle.
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
    private volatile Thread worker;
    /** Why the last worker thread died; null once a worker completed a cycle after it. */
    private volatile Throwable death;
    private Counter indexed;
    private Counter restarts;

    void onStart(@Observes StartupEvent event) {
        indexed = Counter.builder("paperstream.query.search.indexed")
                .description("Papers whose full-text vector was computed").register(registry);
        restarts = Counter.builder("paperstream.query.search.indexer.restarts")
                .description("Search indexer threads started again after an Error killed one").register(registry);
        if (!config.search().indexEnabled()) {
            LOG.info("search indexer disabled on this instance: papers become searchable when another one runs it");
            return;
        }
        running = true;
        startWorker();
    }

    /**
     * Why the indexer is not working, or empty: health reports DOWN with it. Empty as well on an instance that does
     * not run the indexer, or while shutting down.
     */
    public Optional<String> problem() {
        if (!running) {
            return Optional.empty();
        }
        Throwable died = death;
        if (died != null) {
            return Optional.of("the search indexer thread died (" + died + "); it is started again every "
                    + config.search().indexRestartDelay());
        }
        Thread current = worker;
        if (current == null || !current.isAlive()) {
            return Optional.of("the search indexer thread is not running");
        }
        return Optional.empty();
    }

    private synchronized void startWorker() {
        if (!running) {
            return;
        }
        Thread thread = new Thread(this::supervised, "paperstream-search-indexer");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /** The worker's body: an Error ends the thread, is recorded for health and schedules a new thread. */
    private void supervised() {
        try {
            run();
        } catch (Throwable e) {
            death = e;
            if (running) {
                Duration delay = config.search().indexRestartDelay();
                LOG.errorf(e, "the search indexer thread died; starting it again in %s", delay);
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    restarts.increment();
                    startWorker();
                });
            }
        }
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
                death = null;
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
