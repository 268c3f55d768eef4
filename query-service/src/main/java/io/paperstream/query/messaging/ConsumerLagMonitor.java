package io.paperstream.query.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paperstream.query.config.QueryConfig;
import io.paperstream.query.config.TopicsConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * The consumer lag of group {@code paperstream-query} on papers.enriched: the records between the committed offsets
 * and the end of each partition, read with the Kafka admin API (asynchronously: no thread waits on the broker except
 * a {@code /stats} request). A gauge shows the last value, refreshed periodically.
 * <p>
 * Enrich writes papers.enriched in transactions, and each commit marker takes an offset of its own, after the last
 * paper of the transaction; the materializer commits the offset after the last paper it wrote. So "end minus
 * committed" would stay at one or more per partition on a catalog that has everything. A gap of at most
 * {@code exact-below} offsets is therefore read (read_committed, from the committed offset to the end) and only its
 * papers are counted; a larger one is reported as it is, markers included.
 */
@ApplicationScoped
public class ConsumerLagMonitor {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMonitor.class);
    /**
     * One poll of the gap reader: short, because a gap of only markers gives no records and poll would otherwise
     * wait for its whole timeout; the loop ends on the reader's position instead.
     */
    private static final Duration GAP_POLL = Duration.ofMillis(20);

    /** The lag at one moment; {@code total} sums the partitions. */
    public record ConsumerLag(long total, Map<Integer, Long> partitions, Instant measuredAt) {
    }

    @Inject
    QueryConfig config;

    @Inject
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Admin admin;
    /** Reads small gaps (see the class comment); used under its own lock, on a worker thread. */
    private Consumer<byte[], byte[]> gapReader;
    private long refreshTimer = -1;
    private volatile ConsumerLag last;

    void onStart(@Observes StartupEvent event) {
        Duration timeout = config.lag().timeout();
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "paperstream-query-lag",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        Gauge.builder("paperstream.query.consumer.lag", this, monitor -> {
            ConsumerLag lag = monitor.last;
            return lag == null ? Double.NaN : lag.total();
        }).description("Records of papers.enriched not yet committed by group " + config.consumerGroup())
                .baseUnit("records").register(registry);
        refreshTimer = vertx.setPeriodic(config.lag().refreshInterval().toMillis(), id -> refresh());
    }

    @PreDestroy
    void stop() {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
        synchronized (this) {
            if (gapReader != null) {
                gapReader.close(Duration.ofSeconds(1));
                gapReader = null;
            }
        }
    }

    /** Measures now, waiting at most the configured timeout; null when the broker does not answer in time. */
    public ConsumerLag current() {
        try {
            return refresh().toCompletableFuture().get(config.lag().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("consumer lag unavailable: %s", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private CompletionStage<ConsumerLag> refresh() {
        if (admin == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not started"));
        }
        String topic = topics.enriched();
        CompletionStage<Map<TopicPartition, OffsetAndMetadata>> committed = admin
                .listConsumerGroupOffsets(config.consumerGroup()).partitionsToOffsetAndMetadata().toCompletionStage();
        CompletionStage<Map<TopicPartition, Long>> ends = admin.describeTopics(List.of(topic)).allTopicNames()
                .toCompletionStage()
                .thenCompose(descriptions -> {
                    Map<TopicPartition, OffsetSpec> latest = descriptions.get(topic).partitions().stream()
                            .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()),
                                    p -> OffsetSpec.latest()));
                    return admin.listOffsets(latest).all().toCompletionStage();
                })
                .thenApply(offsets -> offsets.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())));
        return committed.thenCombine(ends, ConsumerLagMonitor::gaps)
                .thenApplyAsync(this::lag, Infrastructure.getDefaultWorkerPool())
                .whenComplete((lag, failure) -> {
                    if (failure != null) {
                        LOG.debugf("consumer lag refresh failed: %s", failure.getMessage());
                    }
                });
    }

    /** Per partition: from the committed offset (0 when the group never committed) to the end. */
    private static Map<TopicPartition, Gap> gaps(Map<TopicPartition, OffsetAndMetadata> groupOffsets,
            Map<TopicPartition, Long> endOffsets) {
        Map<TopicPartition, Gap> gaps = new HashMap<>();
        endOffsets.forEach((partition, end) -> {
            OffsetAndMetadata position = groupOffsets.get(partition);
            long from = position == null ? 0 : position.offset();
            gaps.put(partition, new Gap(Math.min(from, end), end));
        });
        return gaps;
    }

    private ConsumerLag lag(Map<TopicPartition, Gap> gaps) {
        Map<Integer, Long> partitions = new TreeMap<>();
        long total = 0;
        for (Map.Entry<TopicPartition, Gap> entry : gaps.entrySet()) {
            Gap gap = entry.getValue();
            long lag = gap.size() > 0 && gap.size() <= config.lag().exactBelow()
                    ? papersIn(entry.getKey(), gap)
                    : gap.size();
            partitions.put(entry.getKey().partition(), lag);
            total += lag;
        }
        ConsumerLag lag = new ConsumerLag(total, partitions, Instant.now());
        last = lag;
        return lag;
    }

    /** The records a read_committed reader finds in the gap: neither commit markers nor aborted records. */
    private synchronized long papersIn(TopicPartition partition, Gap gap) {
        Consumer<byte[], byte[]> reader = gapReader();
        reader.assign(List.of(partition));
        reader.seek(partition, gap.from());
        long papers = 0;
        long deadline = System.nanoTime() + config.lag().timeout().toNanos();
        // the position passes the markers too: done once it reaches the end seen by the admin call
        while (reader.position(partition) < gap.to()) {
            if (System.nanoTime() - deadline > 0) {
                return gap.size(); // cannot tell: say what the offsets say
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(GAP_POLL)) {
                if (record.offset() < gap.to()) {
                    papers++;
                }
            }
        }
        return papers;
    }

    private Consumer<byte[], byte[]> gapReader() {
        if (gapReader == null) {
            Duration timeout = config.lag().timeout();
            // no group, nothing committed: it only reads a few offsets now and then
            gapReader = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "paperstream-query-lag-reader",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, (int) Math.max(1, config.lag().exactBelow()),
                    // an empty fetch at the end must not hold the loop longer than one short poll
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) GAP_POLL.toMillis(),
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return gapReader;
    }

    /** The offsets from {@code from} (inclusive) to {@code to} (exclusive). */
    private record Gap(long from, long to) {

        long size() {
            return to - from;
        }
    }
}
