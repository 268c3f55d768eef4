package io.paperstream.query.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paperstream.events.PaperLimits;
import io.paperstream.query.config.QueryConfig;
import io.paperstream.query.config.TopicsConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;

/**
 * The theme streams of this instance. They are fed from papers.enriched (all of its partitions, read by every
 * instance), not from this instance's materializer: every subscriber sees every paper of its theme, whichever
 * instance it is connected to, and its event ids ({@link StreamPosition}: offsets of papers.enriched) mean the
 * same on every instance.
 * <p>
 * One {@link ThemeFeed} thread reads the topics of the watched themes; a resumed stream first gets what it missed
 * from a {@link ThemeCatchUp}. Every stream has a bounded buffer (events and bytes) and a write timeout; a
 * subscriber that lets it overflow, or stops reading, is dropped: its slot is freed and its connection closed at
 * once (it can reconnect with Last-Event-ID), so a slow client never slows the feed, holds memory or keeps a slot
 * from the other clients. A drop is the client's doing: logged at INFO, counted.
 */
@ApplicationScoped
public class ThemeStreamHub {

    private static final Logger LOG = Logger.getLogger(ThemeStreamHub.class);

    @Inject
    QueryConfig config;

    @Inject
    TopicsConfig topics;

    @Inject
    PaperLimits paperLimits;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Every open stream (for the heartbeat). */
    private final Set<ThemeSubscriber> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger consumerIds = new AtomicInteger();
    private StreamLimits limits;
    private Counter dropped;
    private ThemeFeed feed;
    private long heartbeatTimer = -1;

    @PostConstruct
    void init() {
        QueryConfig.Stream stream = config.stream();
        QueryConfig.Feed settings = stream.feed();
        limits = new StreamLimits(stream.maxSubscribers(), stream.maxSubscribersPerClient());
        dropped = Counter.builder("paperstream.query.stream.dropped")
                .description("Theme stream subscribers dropped because they did not keep up").register(registry);
        Gauge.builder("paperstream.query.stream.subscribers", limits, StreamLimits::open)
                .description("Open theme streams").register(registry);
        ThemeRecordDecoder decoder = new ThemeRecordDecoder(json, Counter.builder("paperstream.query.stream.skipped")
                .description("papers.enriched records that are not papers, skipped by the streams").register(registry),
                paperLimits);
        ThemeCatchUp catchUp = new ThemeCatchUp(() -> consumer("catch-up"), topics.enriched(), decoder,
                Infrastructure.getDefaultWorkerPool(), stream.maxReplay(), settings.pollTimeout(),
                settings.catchUpTimeout());
        feed = new ThemeFeed(() -> consumer("feed"), topics.enriched(), decoder, catchUp,
                settings.pollTimeout(), settings.topicRetryInterval());
    }

    void onStart(@Observes StartupEvent event) {
        feed.start();
        heartbeatTimer = vertx.setPeriodic(config.stream().heartbeatInterval().toMillis(), id -> heartbeat());
    }

    @PreDestroy
    void stop() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        feed.stop(config.stream().feed().brokerTimeout());
    }

    /**
     * Opens a stream of the theme's papers from now on, or, with a last event id, from the records after it and
     * then live.
     *
     * @param resumeFrom the client's Last-Event-ID, or null
     * @param client     the client's IP address (see {@link StreamClients#key} for how addresses are counted)
     * @param disconnect closes the client's connection at once, without waiting for what is queued on it: how a
     *                   subscriber that stopped reading is dropped
     * @throws StreamLimitException when the client or the service has too many streams open
     */
    public Multi<StreamItem> open(String slug, String client, StreamPosition resumeFrom, Runnable disconnect) {
        StreamLimits.Slot slot = limits.acquire(StreamClients.key(client));
        AtomicReference<ThemeSubscriber> attached = new AtomicReference<>();
        java.util.function.Consumer<String> drop = reason -> {
            dropped.increment();
            // the slot is free now: neither the closing connection nor the events queued on it hold it
            slot.release();
            LOG.infof("disconnected a subscriber of %s from %s: %s", slug, client, reason);
            disconnect.run();
        };
        // the buffer is bounded by the subscriber itself (it counts what the HTTP layer has not taken yet)
        return Multi.createFrom().<StreamItem>emitter(emitter -> attach(slug, resumeFrom, emitter, drop, attached),
                BackPressureStrategy.BUFFER)
                .onItem().invoke(item -> attached.get().handedOver(item))
                .onTermination().invoke(slot::release);
    }

    /** Streams open now. */
    public int openStreams() {
        return limits.open();
    }

    private void attach(String slug, StreamPosition resumeFrom, MultiEmitter<? super StreamItem> emitter,
            java.util.function.Consumer<String> drop, AtomicReference<ThemeSubscriber> attached) {
        // room for a whole catch-up plus the live buffer
        int capacity = config.stream().bufferSize() + config.stream().maxReplay();
        ThemeSubscriber subscriber = new ThemeSubscriber(emitter, capacity, config.stream().maxBacklogBytes(),
                resumeFrom, drop);
        attached.set(subscriber);
        open.add(subscriber);
        // join before the termination hook: the feed then always sees the Leave after the Join
        feed.join(slug, subscriber);
        emitter.onTermination(() -> {
            subscriber.close();
            open.remove(subscriber);
            feed.leave(slug, subscriber);
        });
    }

    /** Runs on the heartbeat timer: drops the streams that stopped reading, then keeps the others alive. */
    private void heartbeat() {
        long now = System.nanoTime();
        Duration writeTimeout = config.stream().writeTimeout();
        open.forEach(stream -> {
            stream.dropIfStalled(now, writeTimeout);
            stream.comment("keep-alive");
        });
    }

    private Consumer<String, byte[]> consumer(String role) {
        Duration brokerTimeout = config.stream().feed().brokerTimeout();
        // no group: partitions are assigned and positioned by hand, nothing is committed
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "paperstream-query-theme-" + role + "-" + consumerIds.incrementAndGet(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // enrich writes papers.enriched in exactly-once transactions: never stream an aborted paper
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // a position below the log start (retention) continues from the oldest record left
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                // the broker answers a fetch as soon as one committed record is there; this bounds the wait
                // otherwise, so latency never depends on how full a fetch is
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.stream().feed().fetchMaxWait().toMillis(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) brokerTimeout.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) brokerTimeout.toMillis()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
