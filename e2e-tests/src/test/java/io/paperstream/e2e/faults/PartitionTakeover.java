package io.paperstream.e2e.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.paperstream.e2e.harness.Progress;

/**
 * How long a consumer group takes to serve again every partition of its input after one of its instances was
 * killed: at the kill, the group's committed offset of each partition is noted; a partition is served again once
 * its committed offset moves past that. Read with the admin API, as the broker sees the group, whatever the
 * group protocol and whichever instance took the partition over. A partition moves only when it has records
 * after the kill, so the stream must go on after it. The resolution is the group's commit interval plus
 * {@link #POLL_EVERY}.
 */
final class PartitionTakeover implements AutoCloseable {

    static final Duration POLL_EVERY = Duration.ofMillis(250);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String group;
    private final String topic;
    private final long killedAt;
    private final Map<Integer, Long> atKill;
    private final Map<Integer, Duration> servedAfter = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean closed;
    private volatile String lastError;

    private PartitionTakeover(Admin admin, String group, String topic, long killedAt, Map<Integer, Long> atKill) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.killedAt = killedAt;
        this.atKill = atKill;
        this.poller = new Thread(this::poll, "e2e-takeover-" + group);
        this.poller.setDaemon(true);
    }

    /**
     * Call right after the kill (the instance is gone, its last committed offsets are final): notes the
     * group's committed offsets of the {@code partitions} of {@code topic} now (-1: none yet) and watches them
     * from then on.
     */
    static PartitionTakeover watchFromNow(Admin admin, String group, String topic, int partitions) {
        long killedAt = System.nanoTime();
        Map<Integer, Long> committed = committed(admin, group, topic);
        Map<Integer, Long> atKill = new TreeMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            atKill.put(partition, committed.getOrDefault(partition, -1L));
        }
        PartitionTakeover takeover = new PartitionTakeover(admin, group, topic, killedAt, atKill);
        Progress.log("takeover of %s by group %s: committed offsets at the kill %s", topic, group, atKill);
        takeover.poller.start();
        return takeover;
    }

    private static Map<Integer, Long> committed(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(),
                            (a, b) -> a, TreeMap::new));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot read the committed offsets of group " + group, e);
        }
    }

    private void poll() {
        while (!closed && servedAfter.size() < atKill.size()) {
            try {
                Map<Integer, Long> now = committed(admin, group, topic);
                Duration since = Duration.ofNanos(System.nanoTime() - killedAt);
                now.forEach((partition, offset) -> {
                    if (offset > atKill.getOrDefault(partition, -1L)) {
                        servedAfter.putIfAbsent(partition, since);
                    }
                });
                lastError = null;
            } catch (RuntimeException e) {
                lastError = String.valueOf(e.getCause());
            }
            try {
                Thread.sleep(POLL_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits until every partition the group had committed at the kill has moved on; the time from the kill to
     * the last of them, or empty if that did not happen within {@code max} (a measurement, never a verdict).
     */
    Optional<Duration> awaitAllServed(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (servedAfter.size() < atKill.size() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return servedAfter.size() < atKill.size() || atKill.isEmpty()
                ? Optional.empty()
                : servedAfter.values().stream().max(Duration::compareTo);
    }

    /** One line: the recovery time and, per partition, when it moved again after the kill. */
    String summary(String killed) {
        Map<Integer, String> perPartition = new TreeMap<>();
        atKill.keySet().forEach(p -> perPartition.put(p, Optional.ofNullable(servedAfter.get(p))
                .map(PartitionTakeover::seconds).orElse("not yet")));
        String recovery = servedAfter.size() == atKill.size() && !atKill.isEmpty()
                ? seconds(servedAfter.values().stream().max(Duration::compareTo).orElseThrow())
                : "not measured";
        return String.format("RECOVERY %s: kill -9 -> every partition of %s served again by group %s after %s"
                + " (per partition %s%s)", killed, topic, group, recovery, perPartition,
                lastError == null ? "" : "; last admin error " + lastError);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
