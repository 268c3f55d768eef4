package io.paperstream.local.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A process's log file: a banner per start, the lines since a start, the last lines to explain a failure. */
public final class LogFile {

    /** Tails read at most this much: logs of a crash loop can be large. */
    private static final int TAIL_BYTES = 65_536;

    private LogFile() {
    }

    /** Appends {@code banner} on a line of its own; returns the log's length after it (where this start begins). */
    public static long appendBanner(Path log, String banner) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, String.format("%n%s%n", banner), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }

    /** The log's text from byte {@code offset} on (at most the last 64 KiB of it). */
    public static String since(Path log, long offset) {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(offset, raf.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, raf.length() - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of the log. */
    public static String tail(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        return lastLines(since(log, 0), lines);
    }

    public static String lastLines(String text, int lines) {
        List<String> all = new ArrayList<>(List.of(text.split("\n")));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
