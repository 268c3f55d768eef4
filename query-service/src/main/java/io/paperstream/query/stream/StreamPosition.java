package io.paperstream.query.stream;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Where a subscriber stands in papers.enriched: for each partition, the offset of the next record it has not been
 * sent. Everything below it on that partition has been sent (or was not a paper of its theme), nothing at or above it. A
 * partition the position does not name stands at 0.
 * <p>
 * It is the SSE event id, as {@code <partition>-<next offset>} pairs joined by dots in partition order, e.g.
 * {@code 0-1520.1-1498.2-1533}. Offsets belong to the topic, not to an instance, so the id means the same on every
 * query instance and {@code Last-Event-ID} resumes on any of them. Immutable.
 */
public final class StreamPosition {

    /** Before every record of the topic. */
    public static final StreamPosition START = new StreamPosition(new TreeMap<>());

    private static final char PAIR_SEPARATOR = '.';
    private static final char OFFSET_SEPARATOR = '-';

    private final SortedMap<Integer, Long> next;

    private StreamPosition(SortedMap<Integer, Long> next) {
        this.next = Collections.unmodifiableSortedMap(next);
    }

    /** The position with these next offsets (partition to offset), e.g. a consumer's positions. */
    public static StreamPosition of(Map<Integer, Long> next) {
        next.forEach(StreamPosition::check);
        return new StreamPosition(new TreeMap<>(next));
    }

    /**
     * Reads an event id this service sent.
     *
     * @throws InvalidStreamPositionException when it is not one (the message says why)
     */
    public static StreamPosition parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidStreamPositionException("an event id names at least one partition");
        }
        SortedMap<Integer, Long> next = new TreeMap<>();
        int start = 0;
        while (start <= id.length()) {
            int end = id.indexOf(PAIR_SEPARATOR, start);
            if (end < 0) {
                end = id.length();
            }
            String pair = id.substring(start, end);
            int dash = pair.indexOf(OFFSET_SEPARATOR);
            if (dash < 0) {
                throw new InvalidStreamPositionException("'" + pair + "' is not <partition>-<offset>");
            }
            int partition = (int) number(pair.substring(0, dash), Integer.MAX_VALUE);
            long offset = number(pair.substring(dash + 1), Long.MAX_VALUE);
            if (next.put(partition, offset) != null) {
                throw new InvalidStreamPositionException("partition " + partition + " is named twice");
            }
            start = end + 1;
        }
        return new StreamPosition(next);
    }

    /** The offset of the next record of this partition that is still to be sent. */
    public long next(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    /** True when the record at this offset is below the position: already sent (or skipped). */
    public boolean covers(int partition, long offset) {
        return offset < next(partition);
    }

    /** The position right after the record at this offset of this partition (the others unchanged). */
    public StreamPosition after(int partition, long offset) {
        check(partition, offset + 1);
        SortedMap<Integer, Long> moved = new TreeMap<>(next);
        moved.put(partition, offset + 1);
        return new StreamPosition(moved);
    }

    /** Partition to next offset, in partition order. */
    public SortedMap<Integer, Long> partitions() {
        return next;
    }

    /** The event id form (empty for {@link #START}, which is never sent as an id). */
    @Override
    public String toString() {
        StringJoiner id = new StringJoiner(String.valueOf(PAIR_SEPARATOR));
        next.forEach((partition, offset) -> id.add(partition + String.valueOf(OFFSET_SEPARATOR) + offset));
        return id.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamPosition position && next.equals(position.next);
    }

    @Override
    public int hashCode() {
        return next.hashCode();
    }

    private static void check(int partition, long offset) {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition " + partition + " offset " + offset + " is not a position");
        }
    }

    /** A decimal number in 0..max, digits only (no sign, no spaces). */
    private static long number(String digits, long max) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidStreamPositionException("'" + digits + "' is not a whole number");
        }
        try {
            long value = Long.parseLong(digits);
            if (value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // too long: answered below
        }
        throw new InvalidStreamPositionException(digits + " is out of range");
    }

    /** An event id this service cannot have sent. */
    public static final class InvalidStreamPositionException extends IllegalArgumentException {

        InvalidStreamPositionException(String message) {
            super(message);
        }
    }
}
