package io.paperstream.local.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The lines {@code ingest} shows while it loads: on a terminal one line redrawn in place (a bar when the
 * file's size is known), elsewhere a plain line at most every {@code plainEvery}. Pure text: the caller prints.
 */
final class ProgressRenderer {

    /** What the load has done so far. */
    record Snapshot(long records, long bytes, long accepted, long rejected, int failedDigests, long fileBytesRead,
            Duration elapsed) {
    }

    private static final int BAR_WIDTH = 24;
    private static final double MIB = 1024.0 * 1024.0;

    private final String label;
    private final OptionalLong fileSize;
    private final boolean terminal;
    private final Duration plainEvery;
    /** The first plain line comes after one interval: a short load prints only its summary. */
    private Duration lastPlain = Duration.ZERO;

    ProgressRenderer(String label, OptionalLong fileSize, boolean terminal, Duration plainEvery) {
        this.label = label;
        this.fileSize = fileSize;
        this.terminal = terminal;
        this.plainEvery = plainEvery;
    }

    /**
     * What to print for this snapshot: on a terminal a carriage return and the redrawn line (no newline); when
     * not a terminal a whole line, or null when the last one is more recent than {@code plainEvery}.
     */
    String update(Snapshot s) {
        if (terminal) {
            return "\r" + line(s) + "\033[K";
        }
        if (s.elapsed().minus(lastPlain).compareTo(plainEvery) < 0) {
            return null;
        }
        lastPlain = s.elapsed();
        return line(s) + System.lineSeparator();
    }

    /** Ends the redrawn line on a terminal before other output follows. */
    String finish() {
        return terminal ? System.lineSeparator() : "";
    }

    String line(Snapshot s) {
        StringBuilder line = new StringBuilder(label).append(": ");
        OptionalLong eta = OptionalLong.empty();
        if (fileSize.isPresent() && fileSize.getAsLong() > 0) {
            double done = Math.min(1.0, (double) s.fileBytesRead() / fileSize.getAsLong());
            if (terminal) {
                int filled = (int) Math.round(done * BAR_WIDTH);
                line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
            }
            line.append(String.format(Locale.ROOT, "%3.0f%% ", done * 100));
            eta = eta(done, s.elapsed());
        }
        double seconds = s.elapsed().toNanos() / 1e9;
        line.append(String.format(Locale.ROOT, "%,d records, %.1f MB, %,.0f papers/s, %,d rejected", s.records(),
                s.bytes() / MIB, seconds <= 0 ? 0.0 : s.accepted() / seconds, s.rejected()));
        if (s.failedDigests() > 0) {
            line.append(String.format(Locale.ROOT, ", %d digests failed", s.failedDigests()));
        }
        eta.ifPresent(remaining -> line.append(", ETA ").append(clock(remaining)));
        return line.toString();
    }

    /** Seconds left when the rest goes as fast as what is done; none before anything is done. */
    static OptionalLong eta(double done, Duration elapsed) {
        if (done <= 0) {
            return OptionalLong.empty();
        }
        double seconds = elapsed.toNanos() / 1e9;
        return OptionalLong.of(Math.round(seconds * (1 - done) / done));
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
