package io.paperstream.e2e.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.paperstream.e2e.harness.ProjectLayout;

/** Reading digests (the seed, the shared real data) into records, and writing records back as digests. */
public final class Digests {

    private static final Pattern RELATED = Pattern.compile("^Related .*\\(\\d+\\)\\s*$");

    private Digests() {
    }

    /** Splits digest text into records: a title line, a summary line, then any Related lines. */
    public static List<PaperRecord> parse(List<String> lines) {
        List<PaperRecord> records = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).isBlank()) {
                i++;
                continue;
            }
            String title = lines.get(i++);
            String summary = i < lines.size() ? lines.get(i++) : "";
            List<String> related = new ArrayList<>();
            while (i < lines.size() && RELATED.matcher(lines.get(i)).matches()) {
                related.add(lines.get(i++));
            }
            records.add(new PaperRecord(title, summary, related));
        }
        return records;
    }

    public static List<PaperRecord> seed(ProjectLayout layout) {
        return read(layout.seedDigest());
    }

    /** The 5,000 real papers of {@code ../shared/data/arxiv-digest-5k.txt}, when this machine has them. */
    public static Optional<List<PaperRecord>> real5k(ProjectLayout layout) {
        return layout.realDigest5k().map(Digests::read);
    }

    public static List<PaperRecord> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(List<PaperRecord> records) {
        StringBuilder digest = new StringBuilder();
        records.forEach(record -> record.appendTo(digest));
        return digest.toString();
    }

    /** Consecutive slices of at most {@code size} records, each one digest (one POST). */
    public static List<List<PaperRecord>> chunks(List<PaperRecord> records, int size) {
        List<List<PaperRecord>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += size) {
            chunks.add(List.copyOf(records.subList(from, Math.min(records.size(), from + size))));
        }
        return chunks;
    }

    /** The same papers under new titles (so new ids): {@code "<title> (<suffix>)"}. */
    public static List<PaperRecord> retitled(List<PaperRecord> records, String suffix) {
        return records.stream().map(r -> r.withTitle(r.title() + " (" + suffix + ")")).toList();
    }
}
