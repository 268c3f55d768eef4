package io.paperstream.query.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one thread of an instance that reads the theme topics: a plain consumer (no group, no commits) assigned to
 * the partitions of the themes that have at least one subscriber, from the end of each topic when its first
 * subscriber arrives. It hands every record to the subscribers of the record's theme, in offset order per
 * partition.
 * <p>
 * Subscribers join and leave through a queue that only this thread reads (a consumer is single-threaded);
 * {@link Consumer#wakeup()} cuts a poll short so that they wait for no poll timeout. A subscriber joins at the
 * feed's position on each partition of its theme: every record at or above it reaches the subscriber, every
 * record below it was handed out before the subscriber was there.
 */
final class ThemeFeed {

    private static final Logger LOG = Logger.getLogger(ThemeFeed.class);

    private final Consumer<String, byte[]> consumer;
    private final UnaryOperator<String> topicOfTheme;
    private final ThemeRecordDecoder decoder;
    private final ThemeCatchUp catchUp;
    private final Duration pollTimeout;
    private final Duration topicRetryInterval;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final Map<String, WatchedTheme> bySlug = new HashMap<>();
    private final Map<String, WatchedTheme> byTopic = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ThemeFeed(Supplier<Consumer<String, byte[]>> consumers, UnaryOperator<String> topicOfTheme,
            ThemeRecordDecoder decoder, ThemeCatchUp catchUp, Duration pollTimeout, Duration topicRetryInterval) {
        this.consumer = consumers.get();
        this.topicOfTheme = topicOfTheme;
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

    /** The subscriber receives the theme's records from the feed's position at the time it is handled. */
    void join(String slug, ThemeSubscriber subscriber) {
        command(new Join(slug, subscriber));
    }

    /** The subscriber receives nothing more; the theme's partitions are released with its last subscriber. */
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
                    refreshTopics();
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
            WatchedTheme theme = bySlug.get(join.slug());
            boolean first = theme == null;
            if (first) {
                theme = new WatchedTheme(join.slug(), topicOfTheme.apply(join.slug()));
                bySlug.put(theme.slug, theme);
                byTopic.put(theme.topic, theme);
            }
            // before watching: a failure below then releases the theme with its only subscriber
            theme.subscribers.add(subscriber);
            if (first) {
                watch(theme, false);
            }
            StreamPosition live = livePosition(theme);
            // the first item, so the response (its headers) starts once the subscriber is in the feed
            subscriber.comment("subscribed to " + theme.slug);
            subscriber.joined(live);
            if (subscriber.resumeFrom() != null) {
                catchUp.start(theme.topic, subscriber.resumeFrom(), live, subscriber);
            }
        } catch (RuntimeException e) {
            LOG.warnf("a subscriber of %s could not join the theme stream feed: %s", join.slug(), e.getMessage());
            release(join.slug(), subscriber);
            subscriber.fail(e);
        }
    }

    private void release(String slug, ThemeSubscriber subscriber) {
        WatchedTheme theme = bySlug.get(slug);
        if (theme == null || !theme.subscribers.remove(subscriber) || !theme.subscribers.isEmpty()) {
            return;
        }
        bySlug.remove(slug);
        byTopic.remove(theme.topic);
        consumer.assign(assignment());
    }

    /**
     * Assigns the theme's partitions that are not assigned yet: when its first subscriber arrives, from the end of
     * the topic (records before it are no one's live records); later (the topic appeared, or gained partitions,
     * after its subscribers came), from the beginning of those partitions. A topic that does not exist yet is
     * looked for again later.
     */
    private void watch(WatchedTheme theme, boolean fromBeginning) {
        theme.lookedAt = System.nanoTime();
        List<PartitionInfo> partitions = awake(() -> consumer.partitionsFor(theme.topic));
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (theme.partitions.add(partition)) {
                added.add(partition);
            }
        }
        if (theme.partitions.isEmpty()) {
            LOG.debugf("theme topic %s does not exist yet; its stream waits for it", theme.topic);
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(assignment());
        if (fromBeginning) {
            consumer.seekToBeginning(added);
        } else {
            consumer.seekToEnd(added);
        }
    }

    /** Looks again, now and then, for the topics of watched themes that are missing or may have grown. */
    private void refreshTopics() {
        for (WatchedTheme theme : bySlug.values()) {
            if (System.nanoTime() - theme.lookedAt >= topicRetryInterval.toNanos()) {
                watch(theme, true);
            }
        }
    }

    /** Where the feed stands on each partition of the theme: the next record it will hand out. */
    private StreamPosition livePosition(WatchedTheme theme) {
        Map<Integer, Long> next = new TreeMap<>();
        for (TopicPartition partition : theme.partitions) {
            next.put(partition.partition(), awake(() -> consumer.position(partition)));
        }
        return StreamPosition.of(next);
    }

    private void dispatch(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            WatchedTheme theme = byTopic.get(record.topic());
            if (theme == null) {
                continue;
            }
            ThemeRecord item = decoder.decode(record);
            if (item != null) {
                // a copy: a subscriber dropped here only queues its Leave, but stay safe against reentry
                for (ThemeSubscriber subscriber : new ArrayList<>(theme.subscribers)) {
                    subscriber.deliver(item);
                }
            }
        }
    }

    private Set<TopicPartition> assignment() {
        Set<TopicPartition> all = new HashSet<>();
        bySlug.values().forEach(theme -> all.addAll(theme.partitions));
        return all;
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

    /** A theme with subscribers: its topic's partitions (none while the topic does not exist). */
    private static final class WatchedTheme {

        final String slug;
        final String topic;
        final Set<TopicPartition> partitions = new LinkedHashSet<>();
        final Set<ThemeSubscriber> subscribers = new LinkedHashSet<>();
        long lookedAt;

        WatchedTheme(String slug, String topic) {
            this.slug = slug;
            this.topic = topic;
        }
    }
}
