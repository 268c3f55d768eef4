package io.paperstream.query.catalog.read;

import java.time.Instant;

/**
 * Where a page ended: the last row's sort key and id, and the listing it belongs to (sort and filter
 * fingerprint), so it cannot silently continue another listing.
 *
 * @param filters {@link PaperQuery#filterFingerprint()} of the listing that issued it
 * @param ingestedAt key of {@link PaperSort#RECENT}
 * @param title      key of {@link PaperSort#TITLE}: the title's first
 *                   {@link PaperQueryBuilder#TITLE_SORT_CHARACTERS} characters
 * @param rank       key of {@link PaperSort#RELEVANCE} (PostgreSQL {@code real}, compared exactly)
 * @param related    key of {@link PaperSort#RELATED}
 */
public record PageCursor(PaperSort sort, String filters, String id, Instant ingestedAt, String title, Float rank,
        Long related) {

    public static PageCursor recent(String filters, String id, Instant ingestedAt) {
        return new PageCursor(PaperSort.RECENT, filters, id, ingestedAt, null, null, null);
    }

    public static PageCursor title(String filters, String id, String title) {
        return new PageCursor(PaperSort.TITLE, filters, id, null, title, null, null);
    }

    public static PageCursor relevance(String filters, String id, float rank) {
        return new PageCursor(PaperSort.RELEVANCE, filters, id, null, null, rank, null);
    }

    public static PageCursor related(String filters, String id, long related) {
        return new PageCursor(PaperSort.RELATED, filters, id, null, null, null, related);
    }
}
