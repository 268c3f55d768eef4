package io.paperstream.query.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What a resumed subscriber missed: the papers of its theme on papers.enriched from its last event id up to the
 * feed's position when it joined (the feed hands it everything from there on), read by a short-lived consumer of
 * its own on a worker thread, so the feed never waits for a replay.
 */
final class ThemeCatchUp {

    private static final Logger LOG = Logger.getLogger(ThemeCatchUp.class);

    /**
     * The missed records, in offset order per partition.
     *
     * @param complete false when more than {@code max-replay} were due: these are the first of them
     */
    record Replay(List<ThemeRecord> records, boolean complete) {
    }

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;
    private final ThemeRecordDecoder decoder;
    private final Executor executor;
    private final int maxReplay;
    private final Duration pollTimeout;
    private final Duration timeout;

    /**
     * @param topic the papers.enriched topic
     */
    ThemeCatchUp(Supplier<Consumer<String, byte[]>> consumers, String topic, ThemeRecordDecoder decoder,
            Executor executor, int maxReplay, Duration pollTimeout, Duration timeout) {
        this.consumers = consumers;
        this.topic = topic;
        this.decoder = decoder;
        this.executor = executor;
        this.maxReplay = maxReplay;
        this.pollTimeout = pollTimeout;
        this.timeout = timeout;
    }

    /** Reads, on a worker thread, what the subscriber missed, then sends it and lets it go live. */
    void start(String slug, StreamPosition from, StreamPosition until, ThemeSubscriber subscriber) {
        executor.execute(() -> {
            try {
                Replay replay = read(slug, from, until);
                if (replay.complete()) {
                    subscriber.caughtUp(replay.records());
                } else {
                    subscriber.endAfter(replay.records());
                }
            } catch (RuntimeException e) {
                LOG.warnf("catching up %s from %s failed: %s", slug, from, e.getMessage());
                subscriber.fail(e);
            }
        });
    }

    /** The papers of the theme at or above {@code from} and below {@code until}, at most max-replay. */
    Replay read(String slug, StreamPosition from, StreamPosition until) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        until.partitions().forEach((partition, end) -> {
            if (from.next(partition) < end) {
                ends.put(new TopicPartition(topic, partition), end);
            }
        });
        if (ends.isEmpty()) {
            return new Replay(List.of(), true);
        }
        List<ThemeRecord> missed = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            consumer.assign(ends.keySet());
            // below the log start (retention deleted them) the consumer resets to the earliest record left
            ends.keySet().forEach(partition -> consumer.seek(partition, from.next(partition.partition())));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ends.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read " + topic + " up to " + until + " within "
                            + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
                    Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                    if (end == null || record.offset() >= end) {
                        continue; // at or above the feed's position: the feed hands it out
                    }
                    ThemeRecord item = decoder.decode(record, slug::equals);
                    if (item != null) {
                        missed.add(item);
                        if (missed.size() > maxReplay) {
                            return new Replay(List.copyOf(missed.subList(0, maxReplay)), false);
                        }
                    }
                }
                List<TopicPartition> done = ends.entrySet().stream()
                        .filter(entry -> consumer.position(entry.getKey()) >= entry.getValue())
                        .map(Map.Entry::getKey).toList();
                if (!done.isEmpty()) {
                    consumer.pause(done);
                    done.forEach(ends::remove);
                }
            }
        }
        return new Replay(missed, true);
    }
}
