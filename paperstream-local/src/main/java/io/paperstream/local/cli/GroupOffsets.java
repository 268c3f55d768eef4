package io.paperstream.local.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer group offsets through Kafka's Admin API: moving a group back to the start of its topics (what
 * Kafka's ConsumerGroupCommand and StreamsResetter do for groups without internal topics) and its lag.
 */
final class GroupOffsets {

    private static final Duration RETRY = Duration.ofSeconds(3);
    private static final long CALL_TIMEOUT_SECONDS = 30;
    private static final Duration MARKER_READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MARKER_POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Duration resetTimeout;
    private final Console console;

    GroupOffsets(String bootstrapServers, Duration resetTimeout, Console console) {
        this.bootstrapServers = bootstrapServers;
        this.resetTimeout = resetTimeout;
        this.console = console;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Every committed offset of {@code group} to the earliest; a group without offsets has nothing to reset. */
    void resetToEarliest(String group) {
        console.say("resetting consumer group %s to the earliest offsets", group);
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
            if (committed.isEmpty()) {
                console.say("  %s has no committed offsets: nothing to reset", group);
                return;
            }
            alterToEarliest(admin, group, List.copyOf(committed.keySet()));
        }
    }

    /** {@code group}'s offsets on every partition of {@code topic} to the earliest (a Streams application's input). */
    void resetToEarliest(String group, String topic, String note) {
        console.say("resetting %s to the start of %s%s", group, topic, note);
        try (Admin admin = admin()) {
            int partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
            List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            alterToEarliest(admin, group, all);
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliException("cannot reset " + group + ": " + rootMessage(e));
        }
    }

    /** Retries while members of a stopped instance are still in the group (they leave after their session timeout). */
    private void alterToEarliest(Admin admin, String group, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
        long deadline = System.nanoTime() + resetTimeout.toNanos();
        while (true) {
            try {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = get(
                        admin.listOffsets(earliest).all());
                Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
                starts.forEach((tp, info) -> target.put(tp, new OffsetAndMetadata(info.offset())));
                get(admin.alterConsumerGroupOffsets(group, target).all());
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new CliException("cannot reset " + group + " within " + resetTimeout.toSeconds() + "s: "
                            + rootMessage(e));
                }
                console.say("  %s still has members (%s): retrying", group, rootMessage(e));
                io.paperstream.local.process.Readiness.sleep(RETRY);
            }
        }
    }

    /**
     * Records of {@code topic} that {@code group} has not committed yet (a partition without offset counts whole).
     * A gap made only of transaction markers is no lag: a transactional producer's commit marker takes an offset
     * after the last record, and a consumer that commits the offsets of the records it processed (query) never
     * commits past it. Such gaps are read through with a read_committed consumer of no group.
     */
    long lag(Admin admin, String group, String topic) {
        int partitions;
        try {
            partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(admin.listOffsets(latest).all());
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long from = offset == null ? 0 : offset.offset();
            long gap = end.getValue().offset() - from;
            if (gap > 0 && hasRecords(end.getKey(), from, end.getValue().offset())) {
                lag += gap;
            }
        }
        return lag;
    }

    /** Whether a read_committed reader finds a record in [from, end) of the partition (markers are no records). */
    private boolean hasRecords(TopicPartition partition, long from, long end) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(List.of(partition));
            reader.seek(partition, from);
            long deadline = System.nanoTime() + MARKER_READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : reader.poll(MARKER_POLL)) {
                    if (record.offset() < end) {
                        return true;
                    }
                }
                if (reader.position(partition) >= end) {
                    return false;
                }
            }
            // undecided within the time: count the gap, the next poll looks again
            return true;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).forEach((tp, offset) -> {
                if (offset != null) {
                    offsets.put(tp, offset);
                }
            });
            return offsets;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new RuntimeException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
