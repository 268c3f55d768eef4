package io.paperstream.query.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one thread of an instance that reads papers for the theme streams: a plain consumer (no group, no commits)
 * assigned to every partition of {@code papers.enriched} while at least one stream is open, from the end of the
 * topic when the first subscriber arrives. It hands every paper to the subscribers of each of its themes, in offset
 * order per partition.
 * <p>
 * Why papers.enriched and not the theme topics: it is the one exactly-once hop after ingest, so a paper reaches its
 * subscribers as soon as enrich commits it, without waiting for the theme router's own transaction as well; and one
 * position over one topic means the same on every instance for every theme.
 * <p>
 * Subscribers join and leave through a queue that only this thread reads (a consumer is single-threaded);
 * {@link Consumer#wakeup()} cuts a poll short so that they wait for no poll timeout. A subscriber joins at the
 * feed's position on each partition: every record at or above it reaches the subscriber, every record below it was
 * handed out before the subscriber was there.
 */
final class ThemeFeed {

    private static final Logger LOG = Logger.getLogger(ThemeFeed.class);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final ThemeRecordDecoder decoder;
    private final ThemeCatchUp catchUp;
    private final Duration pollTimeout;
    private final Duration topicRetryInterval;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    /** Theme slug to its subscribers; a theme leaves the map with its last subscriber. */
    private final Map<String, Set<ThemeSubscriber>> subscribers = new HashMap<>();
    /** The partitions of the topic assigned while any stream is open; empty otherwise. */
    private final Set<TopicPartition> partitions = new LinkedHashSet<>();
    private final Thread thread;
    private long lookedAt;
    private volatile boolean running = true;

    /**
     * @param topic the papers.enriched topic
     */
    ThemeFeed(Supplier<Consumer<String, byte[]>> consumers, String topic, ThemeRecordDecoder decoder,
            ThemeCatchUp catchUp, Duration pollTimeout, Duration topicRetryInterval) {
        this.consumer = consumers.get();
        this.topic = topic;
        this.decoder = decoder;
        this.catchUp = catchUp;
        this.pollTimeout = pollTimeout;
        this.topicRetryInterval = topicRetryInterval;
        this.thread = new Thread(this::run, "theme-stream-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops reading and closes the consumer (waits up to {@code timeout} for it). */
    void stop(Duration timeout) {
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The subscriber receives the theme's papers from the feed's position at the time it is handled. */
    void join(String slug, ThemeSubscriber subscriber) {
        command(new Join(slug, subscriber));
    }

    /** The subscriber receives nothing more; the topic is released with the last subscriber of any theme. */
    void leave(String slug, ThemeSubscriber subscriber) {
        command(new Leave(slug, subscriber));
    }

    private void command(Command command) {
        commands.add(command);
        consumer.wakeup();
    }

    private void run() {
        try {
            while (running) {
                try {
                    applyCommands();
                    if (!subscribers.isEmpty() && System.nanoTime() - lookedAt >= topicRetryInterval.toNanos()) {
                        watch(true);
                    }
                    if (consumer.assignment().isEmpty()) {
                        // nothing to poll (a consumer without partitions refuses to): wait for a subscriber
                        Command next = commands.poll(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
                        if (next != null) {
                            apply(next);
                        }
                        continue;
                    }
                    dispatch(consumer.poll(pollTimeout));
                } catch (WakeupException e) {
                    // a command is waiting, or the feed stops: the loop looks
                } catch (InterruptedException | InterruptException e) {
                    running = false;
                } catch (RuntimeException e) {
                    LOG.warnf(e, "the theme stream feed failed to read; retrying in %s", pollTimeout);
                    pause();
                }
            }
        } finally {
            Thread.interrupted(); // closing must not fail on the stop's interrupt
            consumer.close(pollTimeout);
        }
    }

    private void applyCommands() {
        for (Command command = commands.poll(); command != null; command = commands.poll()) {
            apply(command);
        }
    }

    private void apply(Command command) {
        if (command instanceof Join join) {
            join(join);
        } else if (command instanceof Leave leave) {
            release(leave.slug(), leave.subscriber());
        }
    }

    private void join(Join join) {
        ThemeSubscriber subscriber = join.subscriber();
        if (subscriber.closed()) {
            return; // gone before it joined: its Leave came first
        }
        try {
            boolean first = subscribers.isEmpty();
            // before watching: a failure below then releases the topic with its only subscriber
            subscribers.computeIfAbsent(join.slug(), slug -> new LinkedHashSet<>()).add(subscriber);
            if (first) {
                watch(false);
            }
            StreamPosition live = livePosition();
            // the first item, so the response (its headers) starts once the subscriber is in the feed
            subscriber.comment("subscribed to " + join.slug());
            subscriber.joined(live);
            if (subscriber.resumeFrom() != null) {
                catchUp.start(join.slug(), subscriber.resumeFrom(), live, subscriber);
            }
        } catch (RuntimeException e) {
            LOG.warnf("a subscriber of %s could not join the theme stream feed: %s", join.slug(), e.getMessage());
            release(join.slug(), subscriber);
            subscriber.fail(e);
        }
    }

    private void release(String slug, ThemeSubscriber subscriber) {
        Set<ThemeSubscriber> ofTheme = subscribers.get(slug);
        if (ofTheme == null || !ofTheme.remove(subscriber) || !ofTheme.isEmpty()) {
            return;
        }
        subscribers.remove(slug);
        if (subscribers.isEmpty()) {
            // nobody listens: stop reading; the next first subscriber starts again from the end
            partitions.clear();
            consumer.assign(partitions);
        }
    }

    /**
     * Assigns the topic's partitions that are not assigned yet: when the first subscriber arrives, from the end of
     * the topic (records before it are no one's live records); later (the topic appeared, or gained partitions,
     * after the subscribers came), from the beginning of those partitions. A topic that does not exist yet is
     * looked for again later.
     */
    private void watch(boolean fromBeginning) {
        lookedAt = System.nanoTime();
        List<PartitionInfo> infos = awake(() -> consumer.partitionsFor(topic));
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (partitions.add(partition)) {
                added.add(partition);
            }
        }
        if (partitions.isEmpty()) {
            LOG.debugf("topic %s does not exist yet; the theme streams wait for it", topic);
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(added);
        } else {
            consumer.seekToEnd(added);
        }
    }

    /** Where the feed stands on each partition: the next record it will hand out. */
    private StreamPosition livePosition() {
        Map<Integer, Long> next = new TreeMap<>();
        for (TopicPartition partition : partitions) {
            next.put(partition.partition(), awake(() -> consumer.position(partition)));
        }
        return StreamPosition.of(next);
    }

    private void dispatch(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            ThemeRecord item = decoder.decode(record, subscribers::containsKey);
            if (item == null) {
                continue;
            }
            for (String slug : item.themes()) {
                Set<ThemeSubscriber> ofTheme = subscribers.get(slug);
                if (ofTheme != null) {
                    // a copy: a subscriber dropped here only queues its Leave, but stay safe against reentry
                    for (ThemeSubscriber subscriber : new ArrayList<>(ofTheme)) {
                        subscriber.deliver(item);
                    }
                }
            }
        }
    }

    /** A consumer call that a pending wakeup must not abort: a wakeup only says "look at the queue". */
    private static <T> T awake(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException e) {
                // retried: the queue is looked at right after
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollTimeout.toMillis());
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private sealed interface Command permits Join, Leave {
    }

    private record Join(String slug, ThemeSubscriber subscriber) implements Command {
    }

    private record Leave(String slug, ThemeSubscriber subscriber) implements Command {
    }
}
