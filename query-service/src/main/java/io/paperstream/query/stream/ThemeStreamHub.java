package io.paperstream.query.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paperstream.query.catalog.CatalogReader;
import io.paperstream.query.catalog.MaterializedPaper;
import io.paperstream.query.catalog.SequencedPaper;
import io.paperstream.query.catalog.ThemeScore;
import io.paperstream.query.config.QueryConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;

/**
 * The in-process broadcaster of the theme streams: the materializer hands it each committed batch, it hands
 * each paper to the open streams of the paper's themes. Every stream has a bounded buffer; a subscriber that
 * lets it overflow is dropped (its connection ends; it can reconnect with Last-Event-ID), so a slow client never
 * slows the materializer or the other clients.
 */
@ApplicationScoped
public class ThemeStreamHub {

    private static final Logger LOG = Logger.getLogger(ThemeStreamHub.class);

    @Inject
    QueryConfig config;

    @Inject
    CatalogReader catalog;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    private final Map<String, Set<ThemeSubscriber>> subscribers = new ConcurrentHashMap<>();
    private StreamLimits limits;
    private Counter dropped;
    private long heartbeatTimer = -1;

    @PostConstruct
    void init() {
        limits = new StreamLimits(config.stream().maxSubscribers(), config.stream().maxSubscribersPerClient());
        dropped = Counter.builder("paperstream.query.stream.dropped")
                .description("Theme stream subscribers dropped because they did not keep up").register(registry);
        Gauge.builder("paperstream.query.stream.subscribers", limits, StreamLimits::open)
                .description("Open theme streams").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        heartbeatTimer = vertx.setPeriodic(config.stream().heartbeatInterval().toMillis(), id -> heartbeat());
    }

    @PreDestroy
    void stop() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
    }

    /**
     * Opens a stream of the theme's papers from now on, or, with a last event id, from the papers materialized
     * after it (replayed from the catalog) and then live.
     *
     * @param disconnect closes the client's connection: how a subscriber that stopped reading is dropped
     * @throws StreamLimitException when the client or the service has too many streams open
     */
    public Multi<StreamItem> open(String slug, String client, Long lastEventId, Runnable disconnect) {
        StreamLimits.Slot slot = limits.acquire(client);
        AtomicReference<ThemeSubscriber> attached = new AtomicReference<>();
        Runnable overflow = () -> {
            dropped.increment();
            LOG.debugf("dropped a subscriber of %s from %s: it did not keep up", slug, client);
            disconnect.run();
        };
        // the buffer is bounded by the subscriber itself (it counts what the HTTP layer has not taken yet)
        return Multi.createFrom().<StreamItem>emitter(emitter -> attach(slug, lastEventId, emitter, overflow,
                attached), BackPressureStrategy.BUFFER)
                .onItem().invoke(item -> attached.get().handedOver())
                .onTermination().invoke(slot::release);
    }

    /** Streams open now. */
    public int openStreams() {
        return limits.open();
    }

    /** Feeds the streams with the papers of a committed batch. */
    public void publish(List<MaterializedPaper> batch) {
        if (subscribers.isEmpty()) {
            return;
        }
        List<MaterializedPaper> watched = batch.stream()
                .filter(paper -> paper.paper().themes().stream().anyMatch(tag -> subscribers.containsKey(tag.slug())))
                .toList();
        if (watched.isEmpty()) {
            return;
        }
        for (SequencedPaper paper : catalog.summaries(watched)) {
            StreamItem.Paper item = item(paper);
            for (ThemeScore theme : paper.paper().themes()) {
                Set<ThemeSubscriber> streams = subscribers.get(theme.slug());
                if (streams != null) {
                    streams.forEach(stream -> stream.deliver(item));
                }
            }
        }
    }

    private void attach(String slug, Long lastEventId, MultiEmitter<? super StreamItem> emitter, Runnable overflow,
            AtomicReference<ThemeSubscriber> attached) {
        // room for a whole replay plus the live buffer
        int capacity = config.stream().bufferSize() + config.stream().maxReplay();
        ThemeSubscriber subscriber = new ThemeSubscriber(emitter, capacity, lastEventId == null ? 0 : lastEventId,
                overflow);
        attached.set(subscriber);
        // compute, not computeIfAbsent + add: atomic against detach() dropping the theme's last, emptied set
        subscribers.compute(slug, (key, streams) -> {
            Set<ThemeSubscriber> updated = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            updated.add(subscriber);
            return updated;
        });
        emitter.onTermination(() -> detach(slug, subscriber));
        subscriber.comment("subscribed to " + slug);
        if (lastEventId == null) {
            subscriber.goLive(List.of());
        } else {
            // the replay reads the database: not on the thread that subscribes (an event loop)
            Infrastructure.getDefaultWorkerPool().execute(() -> replay(slug, lastEventId, subscriber));
        }
    }

    private void replay(String slug, long lastEventId, ThemeSubscriber subscriber) {
        int max = config.stream().maxReplay();
        try {
            List<SequencedPaper> papers = catalog.replay(slug, lastEventId, max + 1);
            List<StreamItem.Paper> items = papers.stream().limit(max).map(this::item).toList();
            if (papers.size() > max) {
                subscriber.endAfter(items);
            } else {
                subscriber.goLive(items);
            }
        } catch (RuntimeException e) {
            LOG.warnf("replay of %s after %d failed: %s", slug, lastEventId, e.getMessage());
            subscriber.fail(e);
        }
    }

    private void detach(String slug, ThemeSubscriber subscriber) {
        subscribers.computeIfPresent(slug, (key, streams) -> {
            streams.remove(subscriber);
            return streams.isEmpty() ? null : streams;
        });
    }

    private void heartbeat() {
        subscribers.values().forEach(streams -> streams.forEach(stream -> stream.comment("keep-alive")));
    }

    private StreamItem.Paper item(SequencedPaper paper) {
        try {
            return new StreamItem.Paper(paper.sequence(), json.writeValueAsString(paper.paper()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write paper " + paper.paper().id() + " as JSON", e);
        }
    }
}
