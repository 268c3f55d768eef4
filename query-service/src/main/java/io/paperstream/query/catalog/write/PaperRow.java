package io.paperstream.query.catalog.write;

import java.time.Instant;
import java.util.List;

/**
 * A paper as the catalog stores it, decoded from a papers.enriched record (schema 1 or 2). The JSON fields are
 * kept as the exact JSON text of the record, so they reach their jsonb columns without being parsed into maps and
 * written again.
 *
 * @param relatedJson the digest's related counts: a JSON object of non-negative integers
 * @param themes      one per slug
 */
public record PaperRow(String id, String title, String summary, String source, String digestId, int line,
        String relatedJson, Instant ingestedAt, Instant enrichedAt, String taxonomyVersion, List<Theme> themes) {

    public PaperRow {
        themes = List.copyOf(themes);
    }

    /** @param matchedJson the taxonomy terms that fired: a JSON array of strings */
    public record Theme(String slug, double score, String matchedJson) {
    }
}
