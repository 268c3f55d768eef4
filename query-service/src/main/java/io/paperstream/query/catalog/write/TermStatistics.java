package io.paperstream.query.catalog.write;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.paperstream.query.config.QueryConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps {@code term_df} close to the catalog: every {@code similar.df-refresh-interval} it asks {@link TermCounts}
 * to recount if the indexed papers moved in number by more than {@code similar.df-recount-growth} (or the count is
 * older than {@code similar.df-max-age}). Runs on the instances that run the search indexer. A failed recount is
 * logged and tried again at the next interval: similar papers then weigh terms by the previous count.
 */
@ApplicationScoped
public class TermStatistics {

    private static final Logger LOG = Logger.getLogger(TermStatistics.class);

    @Inject
    TermCounts counts;

    @Inject
    QueryConfig config;

    private ScheduledExecutorService timer;

    void onStart(@Observes StartupEvent event) {
        if (!config.search().indexEnabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "paperstream-term-statistics");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.similar().dfRefreshInterval().toMillis();
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refresh() {
        try {
            long start = System.nanoTime();
            if (counts.recountIfStale(config.similar().dfMaxAge(), config.similar().dfRecountGrowth())) {
                LOG.debugf("term document frequencies recounted in %d ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        } catch (RuntimeException e) {
            // never let the timer die: the next interval tries again
            LOG.warnf("recounting term document frequencies failed, retrying later: %s", e.getMessage());
        }
    }
}
