package io.paperstream.e2e.corpus;

import java.util.List;

import io.paperstream.events.PaperId;

/**
 * One record of a digest as the tests send it: a title line, a one-paragraph summary line and any
 * {@code Related <kind> (<n>)} lines.
 */
public record PaperRecord(String title, String summary, List<String> related) {

    public PaperRecord {
        related = List.copyOf(related);
    }

    /** The id ingest must give it (the shared {@link PaperId} rule), for checks that do not trust ingest. */
    public String expectedId() {
        return PaperId.fromTitle(title);
    }

    public PaperRecord withTitle(String newTitle) {
        return new PaperRecord(newTitle, summary, related);
    }

    void appendTo(StringBuilder digest) {
        digest.append(title).append('\n').append(summary).append('\n');
        related.forEach(line -> digest.append(line).append('\n'));
    }
}
