package io.paperstream.query.messaging;

import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paperstream.query.config.QueryConfig;
import io.paperstream.query.config.TopicsConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The consumer lag of group {@code paperstream-query} on papers.enriched: end offsets minus committed offsets,
 * per partition, read with the Kafka admin API (asynchronously: no thread waits on the broker except a
 * {@code /stats} request). A gauge shows the last value, refreshed periodically.
 */
@ApplicationScoped
public class ConsumerLagMonitor {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMonitor.class);

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
        return committed.thenCombine(ends, (groupOffsets, endOffsets) -> {
            Map<Integer, Long> partitions = new TreeMap<>();
            long total = 0;
            for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
                OffsetAndMetadata position = groupOffsets.get(end.getKey());
                // a partition the group never committed is behind by everything it holds
                long lag = Math.max(0, end.getValue() - (position == null ? 0 : position.offset()));
                partitions.put(end.getKey().partition(), lag);
                total += lag;
            }
            ConsumerLag lag = new ConsumerLag(total, partitions, Instant.now());
            last = lag;
            return lag;
        }).whenComplete((lag, failure) -> {
            if (failure != null) {
                LOG.debugf("consumer lag refresh failed: %s", failure.getMessage());
            }
        });
    }
}
