package io.paperstream.query.catalog.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A paper in a listing: a shortened form, so that a page stays within {@code paperstream.query.page.max-bytes}
 * whatever the catalog holds.
 *
 * @param summary       the summary's first {@code paperstream.query.page.item-summary-length} characters
 * @param related       the digest's Related counts: the {@code item-related-kinds} largest
 * @param relatedPapers other papers of the catalog, as it stands now, sharing at least one theme
 * @param abridged      true when this form leaves something of the paper out (summary, related kinds, matched
 *                      terms, a title or source beyond the paper limits); {@code GET /papers/{id}} has it all
 */
public record PaperSummary(String id, String title, String summary, String source, Map<String, Long> related,
        Instant ingestedAt, List<ThemeScore> themes, long relatedPapers, boolean abridged) {

    /** The smallest form: what a page shows of a paper too large for it in any other form. */
    public PaperSummary minimal() {
        return new PaperSummary(id, title, "", source, Map.of(), ingestedAt, List.of(), relatedPapers, true);
    }
}
