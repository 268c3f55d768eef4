package io.paperstream.query.catalog.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole of one paper.
 *
 * @param sequence its {@code materialized_seq}: the SSE event id it was (last) streamed with
 */
public record PaperDetail(String id, String title, String summary, String source, Map<String, Long> related,
        Instant ingestedAt, List<ThemeScore> themes, long relatedPapers, String digestId, int line,
        Instant enrichedAt, String taxonomyVersion, long sequence, Instant materializedAt) {
}
