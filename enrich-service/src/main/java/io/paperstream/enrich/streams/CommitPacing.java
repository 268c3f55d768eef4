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
 * So a stream that keeps up with its input asks for a commit every {@code caughtUpInterval} (a fresh paper waits for
 * little), and a stream working through a backlog leaves the ending to Streams' {@code commit.interval.ms}, the
 * longest wait: a paper that is already late loses little by waiting one interval more, and each transaction then
 * carries many records. "Keeping up" is read from the records themselves: one younger than {@code caughtUpAge} (its
 * timestamp is when ingest produced it; the outputs keep it) arrived while the stream was close to real time.
 */
public class CommitPacing<K, V> implements Processor<K, V, K, V> {

    /**
     * @param caughtUpInterval how often a stream that keeps up asks for a commit
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
    private final Duration caughtUpInterval;
    private ProcessorContext<K, V> context;
    private Cancellable punctuation;

    CommitPacing(Settings settings) {
        this.pace = new CommitPace(settings.caughtUpAge().toMillis());
        this.caughtUpInterval = settings.caughtUpInterval();
    }

    @Override
    public void init(ProcessorContext<K, V> context) {
        this.context = context;
        // wall-clock: the stream thread runs it after each poll and processing round, also when no record came
        punctuation = context.schedule(caughtUpInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (pace.commitDue()) {
                context.commit();
            }
        });
    }

    @Override
    public void process(Record<K, V> record) {
        pace.processed(record.timestamp(), context.currentSystemTimeMs());
        context.forward(record);
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
        }
    }

    /** The decision, apart from Kafka Streams: is an early commit worth its cost now? */
    static final class CommitPace {

        private final long caughtUpAgeMillis;
        private boolean freshUncommitted;

        CommitPace(long caughtUpAgeMillis) {
            if (caughtUpAgeMillis < 0) {
                throw new IllegalArgumentException("caught-up age must not be negative: " + caughtUpAgeMillis);
            }
            this.caughtUpAgeMillis = caughtUpAgeMillis;
        }

        /** A record was processed at {@code nowMillis}; {@code timestampMillis} is when it was produced. */
        void processed(long timestampMillis, long nowMillis) {
            // a timestamp ahead of this clock (skew between hosts) counts as fresh: latency is the safe side
            if (nowMillis - timestampMillis <= caughtUpAgeMillis) {
                freshUncommitted = true;
            }
        }

        /** True once after fresh records were processed: the caller asks for a commit, and the wait starts over. */
        boolean commitDue() {
            boolean due = freshUncommitted;
            freshUncommitted = false;
            return due;
        }
    }
}
