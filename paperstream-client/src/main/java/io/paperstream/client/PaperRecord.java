package io.paperstream.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.paperstream.events.PaperId;

/**
 * One record of a digest: a title line, a one-paragraph summary line and any {@code Related <kind> (<n>)} lines
 * (kept as written).
 */
public record PaperRecord(String title, String summary, List<String> related) {

    public PaperRecord {
        related = List.copyOf(related);
    }

    public PaperRecord(String title, String summary) {
        this(title, summary, List.of());
    }

    /** The id ingest gives it (the shared {@link PaperId} rule), for checks that do not trust ingest. */
    public String expectedId() {
        return PaperId.fromTitle(title);
    }

    public PaperRecord withTitle(String newTitle) {
        return new PaperRecord(newTitle, summary, related);
    }

    /**
     * The Related lines as kind to count, for records already known to be valid (the seeds, the shared data):
     * ingest's parser is the one that validates them.
     */
    public Map<String, Long> relatedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : related) {
            String text = line.strip();
            int open = text.lastIndexOf('(');
            String kind = text.substring("Related ".length(), open).strip().toLowerCase(Locale.ROOT);
            counts.put(kind, Long.parseLong(text.substring(open + 1, text.length() - 1).strip()));
        }
        return counts;
    }

    /** The record as digest lines, each ending with a newline. */
    public void appendTo(StringBuilder digest) {
        digest.append(title).append('\n').append(summary).append('\n');
        related.forEach(line -> digest.append(line).append('\n'));
    }
}
