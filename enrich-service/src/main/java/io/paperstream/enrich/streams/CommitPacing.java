package io.paperstream.enrich.streams;

import java.time.Duration;

import io.paperstream.enrich.config.EnrichConfig;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Group commit for an exactly-once stream, placed first in its topology: passes every record on unchanged and decides
 * when its transaction should end.
 * <p>
 * Every commit costs the same (producer and offset requests, a marker on each partition written, transaction-log
 * appends) however few records it carries, while a record is visible to read_committed readers only once it commits.
 * So a stream that keeps up with its input asks for a commit as soon as it processed a fresh record, at most once per
 * {@code caughtUpInterval} (a fresh paper waits for little, a busy stream does not commit after every poll), and a
 * stream working through a backlog leaves the ending to Streams' {@code commit.interval.ms}, the longest wait: a paper
 * that is already late loses little by waiting one interval more, and each transaction then carries many records.
 * "Keeping up" is read from the records themselves: one younger than {@code caughtUpAge} (its timestamp is when
 * ingest produced it; the outputs keep it) arrived while the stream was close to real time.
 * <p>
 * No punctuation runs while nothing comes in: Kafka Streams marks a task as needing a commit after every punctuation,
 * so a periodic one would make an idle application commit an empty transaction every {@code commit.interval.ms}
 * (measured: an idle broker at 40-90 % of a core, and CONCURRENT_TRANSACTIONS retries under load). The only
 * punctuation is a one-shot, scheduled when a fresh record comes too soon after the last commit it asked for.
 */
public class CommitPacing<K, V> implements Processor<K, V, K, V> {

    /**
     * @param caughtUpInterval the shortest time between two commits a stream that keeps up asks for
     * @param caughtUpAge      a record younger than this tells that its stream keeps up
     */
    public record Settings(Duration caughtUpInterval, Duration caughtUpAge) {

        public Settings {
            if (caughtUpInterval.isNegative() || caughtUpInterval.isZero() || caughtUpAge.isNegative()) {
                throw new IllegalArgumentException("commit pacing needs a positive interval and an age of at least 0,"
                        + " not " + caughtUpInterval + " and " + caughtUpAge);
            }
        }

        public static Settings of(EnrichConfig.Streams streams) {
            return new Settings(streams.caughtUpCommitInterval(), streams.caughtUpAge());
        }
    }

    private final CommitPace pace;
    private ProcessorContext<K, V> context;
    private Cancellable scheduledCommit;

    CommitPacing(Settings settings) {
        this.pace = new CommitPace(settings.caughtUpAge().toMillis(), settings.caughtUpInterval().toMillis());
    }

    @Override
    public void init(ProcessorContext<K, V> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, V> record) {
        context.forward(record);
        long delay = pace.processed(record.timestamp(), context.currentSystemTimeMs());
        if (delay == CommitPace.COMMIT_NOW) {
            // Streams ends the transaction once this round of processing is over
            context.commit();
        } else if (delay > 0) {
            scheduledCommit = context.schedule(Duration.ofMillis(delay), PunctuationType.WALL_CLOCK_TIME,
                    this::commitScheduled);
        }
    }

    private void commitScheduled(long nowMillis) {
        scheduledCommit.cancel();
        scheduledCommit = null;
        pace.scheduledCommitRan(nowMillis);
        context.commit();
    }

    @Override
    public void close() {
        if (scheduledCommit != null) {
            scheduledCommit.cancel();
        }
    }

    /** The decision, apart from Kafka Streams: is a commit worth its cost now, later, or not at all? */
    static final class CommitPace {

        /** {@link #processed}: ask for a commit now. */
        static final long COMMIT_NOW = 0;
        /** {@link #processed}: ask for nothing (a late record, or a commit is already scheduled). */
        static final long NO_COMMIT = -1;

        private final long caughtUpAgeMillis;
        private final long caughtUpIntervalMillis;
        private long lastRequestMillis = Long.MIN_VALUE;
        private boolean scheduled;

        CommitPace(long caughtUpAgeMillis, long caughtUpIntervalMillis) {
            if (caughtUpAgeMillis < 0 || caughtUpIntervalMillis <= 0) {
                throw new IllegalArgumentException("commit pacing needs an age of at least 0 and a positive interval,"
                        + " not " + caughtUpAgeMillis + " and " + caughtUpIntervalMillis);
            }
            this.caughtUpAgeMillis = caughtUpAgeMillis;
            this.caughtUpIntervalMillis = caughtUpIntervalMillis;
        }

        /**
         * A record produced at {@code timestampMillis} was processed at {@code nowMillis}.
         *
         * @return {@link #COMMIT_NOW}, {@link #NO_COMMIT}, or the milliseconds after which a scheduled commit should
         *         run (the rest of the interval since the last commit asked for)
         */
        long processed(long timestampMillis, long nowMillis) {
            // a timestamp ahead of this clock (skew between hosts) counts as fresh: latency is the safe side
            boolean fresh = nowMillis - timestampMillis <= caughtUpAgeMillis;
            if (!fresh || scheduled) {
                return NO_COMMIT;
            }
            long sinceLastRequest = lastRequestMillis == Long.MIN_VALUE ? Long.MAX_VALUE : nowMillis - lastRequestMillis;
            if (sinceLastRequest >= caughtUpIntervalMillis) {
                lastRequestMillis = nowMillis;
                return COMMIT_NOW;
            }
            scheduled = true;
            return caughtUpIntervalMillis - Math.max(0, sinceLastRequest);
        }

        /** The commit scheduled by {@link #processed} is being asked for at {@code nowMillis}. */
        void scheduledCommitRan(long nowMillis) {
            scheduled = false;
            lastRequestMillis = nowMillis;
        }
    }
}
