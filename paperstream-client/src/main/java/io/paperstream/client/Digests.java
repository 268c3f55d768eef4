package io.paperstream.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.paperstream.events.DigestRecords;

/**
 * Reading digest files (the seeds, the shared real data: plain or gzip) into records, along the same record
 * boundaries as ingest's parser (the shared {@link DigestRecords} layout), and writing records back as digests.
 * Reading is for data known to be valid: a block without a summary is skipped, not judged (ingest judges).
 */
public final class Digests {

    private static final int READ_BUFFER = 1 << 16;

    private Digests() {
    }

    /** Every record of a digest file ({@code .gz}: gzip). */
    public static List<PaperRecord> read(Path file) {
        return read(file, Integer.MAX_VALUE);
    }

    /** The first {@code wanted} records of a digest file ({@code .gz}: gzip), read as a stream. */
    public static List<PaperRecord> read(Path file, int wanted) {
        try (InputStream in = open(file)) {
            return read(in, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The first {@code wanted} records of a digest stream (UTF-8). */
    public static List<PaperRecord> read(InputStream in, int wanted) throws IOException {
        Collector records = new Collector(wanted);
        DigestRecords layout = new DigestRecords(records);
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), READ_BUFFER);
        int number = 0;
        String line;
        while (!records.full() && (line = lines.readLine()) != null) {
            records.line = line;
            layout.line(++number, line, 0, line.length(), -1);
        }
        layout.end(number);
        records.finish();
        return records.records;
    }

    /** Records parsed from digest text. */
    public static List<PaperRecord> parse(String digest) {
        try {
            return read(new java.io.ByteArrayInputStream(digest.getBytes(StandardCharsets.UTF_8)), Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's bytes, decompressed when its name ends in {@code .gz}. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, READ_BUFFER) : in;
    }

    /** Records as one digest's text. */
    public static String render(List<PaperRecord> records) {
        StringBuilder digest = new StringBuilder(records.size() * 1600);
        records.forEach(record -> record.appendTo(digest));
        return digest.toString();
    }

    /** Records as one digest body, UTF-8. */
    public static byte[] body(List<PaperRecord> records) {
        return render(records).getBytes(StandardCharsets.UTF_8);
    }

    /** Consecutive slices of at most {@code size} records, each one digest (one POST). */
    public static <T> List<List<T>> chunks(List<T> records, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a digest holds at least one record, not " + size);
        }
        List<List<T>> chunks = new ArrayList<>((records.size() + size - 1) / size);
        for (int from = 0; from < records.size(); from += size) {
            chunks.add(List.copyOf(records.subList(from, Math.min(records.size(), from + size))));
        }
        return chunks;
    }

    /** The same papers under new titles (so new ids): {@code "<title> (<suffix>)"}. */
    public static List<PaperRecord> retitled(List<PaperRecord> records, String suffix) {
        return records.stream().map(r -> r.withTitle(r.title() + " (" + suffix + ")")).toList();
    }

    /** Builds records from what the layout finds. */
    private static final class Collector implements DigestRecords.Listener {
        final List<PaperRecord> records = new ArrayList<>();
        final int wanted;
        String line;
        String title;
        String summary;
        List<String> related = new ArrayList<>();

        Collector(int wanted) {
            this.wanted = wanted;
        }

        boolean full() {
            return records.size() >= wanted;
        }

        @Override
        public void blockStart(int number, int s) {
            finish();
        }

        @Override
        public void title(int number, int s, int e, int control) {
            title = line.substring(s, e);
        }

        @Override
        public void summary(int number, int s, int e, int control) {
            summary = line.substring(s, e);
        }

        @Override
        public void related(int number, int s, int e, int control, boolean beforeAnyTitle) {
            related.add(line.substring(s, e));
        }

        @Override
        public void missingSummary(int titleLine, int number, DigestRecords.MissingSummary why) {
            title = null;
        }

        void finish() {
            if (title != null && summary != null && !full()) {
                records.add(new PaperRecord(title, summary, related));
            }
            title = null;
            summary = null;
            related = new ArrayList<>();
        }
    }
}
