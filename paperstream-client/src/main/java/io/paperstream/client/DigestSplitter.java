package io.paperstream.client;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import io.paperstream.events.DigestRecords;

/**
 * Cuts a digest file of any size into digests of at most {@code maxRecords} records and {@code maxBytes} bytes,
 * only where ingest's parser starts a record (the shared {@link DigestRecords} layout decides, so the two cannot
 * disagree), reading the file as a stream. A record larger than {@code maxBytes} travels alone (ingest then
 * rejects it with its reason). Lines keep their order and count, so every line of a digest maps back to its file
 * line ({@link Digest#fileLine}); line ends become LF, which the format reads like CR or CRLF. Files ending in
 * {@code .gz} are read through gzip. Not thread-safe.
 */
public final class DigestSplitter implements Closeable {

    /** How big one posted digest may get. */
    public record Limits(int maxRecords, long maxBytes) {
        public Limits {
            if (maxRecords < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("a digest holds at least one record and one byte, not "
                        + maxRecords + " records / " + maxBytes + " bytes");
            }
        }
    }

    /**
     * One digest cut from the file.
     *
     * @param index     0-based position among the file's digests
     * @param body      the digest as UTF-8, lines ending with LF
     * @param records   blocks the layout starts in it (valid or not: ingest decides)
     * @param firstLine the file line of the digest's line 1
     * @param lines     lines in the digest
     */
    public record Digest(int index, byte[] body, int records, int firstLine, int lines) {

        private static final Pattern LINE_REFERENCE = Pattern.compile("\\bline (\\d+)\\b");

        /** The file line of line {@code digestLine} (1-based) of this digest. */
        public int fileLine(int digestLine) {
            return firstLine + digestLine - 1;
        }

        /**
         * Ingest's reason with its digest lines ("line 12") told as file lines, so a reader of the file finds them.
         * Ingest's reasons name lines only in that form.
         */
        public String fileReason(String reason) {
            Matcher matcher = LINE_REFERENCE.matcher(reason);
            StringBuilder text = new StringBuilder(reason.length() + 8);
            while (matcher.find()) {
                matcher.appendReplacement(text, "line " + fileLine(Integer.parseInt(matcher.group(1))));
            }
            return matcher.appendTail(text).toString();
        }
    }

    private final BufferedReader lines;
    private final CountingStream raw;
    private final Limits limits;
    private final DigestRecords layout;
    /** Completed blocks not yet handed out. */
    private final Chunk current = new Chunk();
    /** The block being read (with the blank lines after it), or the lines before the first block. */
    private Chunk pending = new Chunk();
    private boolean blockStarted;
    private int lineNumber;
    private int digests;
    private boolean ended;

    private DigestSplitter(InputStream in, CountingStream raw, Limits limits) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.lines = new BufferedReader(new InputStreamReader(in, strict));
        this.raw = raw;
        this.limits = limits;
        this.layout = new DigestRecords(new BlockStarts());
    }

    /** Opens a file (gzip when its name ends in {@code .gz}). */
    public static DigestSplitter open(Path file, Limits limits) throws IOException {
        CountingStream raw = new CountingStream(Files.newInputStream(file));
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DigestSplitter(in, raw, limits);
    }

    /** Splits a stream (already decompressed), which this closes. */
    public static DigestSplitter of(InputStream in, Limits limits) {
        CountingStream raw = new CountingStream(in);
        return new DigestSplitter(raw, raw, limits);
    }

    /**
     * The next digest, or null after the last.
     *
     * @throws java.nio.charset.MalformedInputException when the file is not UTF-8 (the message names the line)
     */
    public Digest next() throws IOException {
        while (!ended) {
            String line;
            try {
                line = lines.readLine();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IOException("the file is not valid UTF-8 near line " + (lineNumber + 1) + ": " + e, e);
            }
            if (line == null) {
                ended = true;
                layout.end(lineNumber);
                Digest ready = closePending();
                if (ready != null) {
                    return ready;
                }
                break;
            }
            lineNumber++;
            blockStarted = false;
            // controls mean nothing to the layout, so they are not looked for (-1); ingest checks them
            layout.line(lineNumber, line, 0, line.length(), -1);
            Digest ready = null;
            if (blockStarted) {
                ready = closePending();
                pending.records = 1;
            }
            pending.add(line, lineNumber);
            if (ready != null) {
                return ready;
            }
        }
        return current.isEmpty() ? null : cut();
    }

    /**
     * The pending block is complete: it joins the current digest unless that one is full, which is then cut
     * and returned.
     */
    private Digest closePending() {
        Digest ready = null;
        if (current.records > 0 && pending.records > 0 && (current.records + pending.records > limits.maxRecords()
                || current.bytes + pending.bytes > limits.maxBytes())) {
            ready = cut();
        }
        current.absorb(pending);
        pending = new Chunk();
        return ready;
    }

    /** Bytes of the file read so far (compressed bytes for a gzip file), for progress against its size. */
    public long fileBytesRead() {
        return raw.count;
    }

    /** File lines read so far. */
    public int linesRead() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    private Digest cut() {
        Digest digest = new Digest(digests++, current.text.toString().getBytes(StandardCharsets.UTF_8),
                current.records, current.firstLine, current.lines);
        current.clear();
        return digest;
    }

    private final class BlockStarts implements DigestRecords.Listener {
        @Override
        public void blockStart(int line, int s) {
            blockStarted = true;
        }

        @Override
        public void title(int line, int s, int e, int control) {
        }

        @Override
        public void summary(int line, int s, int e, int control) {
        }

        @Override
        public void related(int line, int s, int e, int control, boolean beforeAnyTitle) {
        }

        @Override
        public void missingSummary(int titleLine, int line, DigestRecords.MissingSummary why) {
        }
    }

    /** Consecutive file lines, with their records and UTF-8 size. */
    private static final class Chunk {
        final StringBuilder text = new StringBuilder();
        int records;
        long bytes;
        int firstLine;
        int lines;

        void add(String line, int number) {
            if (lines == 0) {
                firstLine = number;
            }
            text.append(line).append('\n');
            bytes += utf8Length(line) + 1;
            lines++;
        }

        void absorb(Chunk other) {
            if (other.lines == 0) {
                return;
            }
            if (lines == 0) {
                firstLine = other.firstLine;
            }
            text.append(other.text);
            records += other.records;
            bytes += other.bytes;
            lines += other.lines;
        }

        boolean isEmpty() {
            return lines == 0;
        }

        void clear() {
            text.setLength(0);
            records = 0;
            bytes = 0;
            lines = 0;
        }
    }

    static int utf8Length(String line) {
        int bytes = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < line.length()
                    && Character.isLowSurrogate(line.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Counts the bytes read from the file. */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
