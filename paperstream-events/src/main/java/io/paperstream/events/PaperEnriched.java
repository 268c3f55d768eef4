package io.paperstream.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A parsed paper with its themes and related counts; published by the enrich service on the compacted
 * {@code papers.enriched} topic (keyed by {@link #id()}) and on {@code themes.<slug>} for each theme.
 *
 * @param taxonomyVersion version of the taxonomy that produced {@link #themes()}
 * <p>
 * Schema 2 (this one) has no per-paper "so far" counts: schema 1's {@code relatedPapers} and
 * {@code themes[].paperCount} came from a single-writer counting stage and are gone; the catalog computes exact counts
 * when read. Readers accept both schemas (unknown fields are ignored). {@link #related()}, the digest's own counts,
 * stays.
 */
public record PaperEnriched(
        int schemaVersion,
        String id,
        String title,
        String summary,
        Map<String, Long> related,
        String digestId,
        String source,
        int line,
        Instant ingestedAt,
        List<ThemeTag> themes,
        Instant enrichedAt,
        String taxonomyVersion) {

    public static final int SCHEMA_VERSION = 2;

    public PaperEnriched {
        related = related == null ? Map.of() : related;
        themes = themes == null ? List.of() : List.copyOf(themes);
    }

    public static PaperEnriched of(PaperParsed paper, List<ThemeTag> themes, Instant enrichedAt,
            String taxonomyVersion) {
        return new PaperEnriched(SCHEMA_VERSION, paper.id(), paper.title(), paper.summary(), paper.related(),
                paper.digestId(), paper.source(), paper.line(), paper.ingestedAt(), themes,
                enrichedAt, taxonomyVersion);
    }
}
