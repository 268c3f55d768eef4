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
 * @param window     of a relevance listing that ranks only the newest matches (a search matching more than
 *                   {@code paperstream.query.search.few-matches} papers): the oldest ranked match, fixed by its first
 *                   page so that every page ranks the same papers; null when every match is ranked
 */
public record PageCursor(PaperSort sort, String filters, String id, Instant ingestedAt, String title, Float rank,
        Long related, RankWindow window) {

    /** The oldest match (by ingestion time, then id) a relevance listing ranks. */
    public record RankWindow(Instant oldestIngestedAt, String oldestId) {
    }

    public static PageCursor recent(String filters, String id, Instant ingestedAt) {
        return new PageCursor(PaperSort.RECENT, filters, id, ingestedAt, null, null, null, null);
    }

    public static PageCursor title(String filters, String id, String title) {
        return new PageCursor(PaperSort.TITLE, filters, id, null, title, null, null, null);
    }

    public static PageCursor relevance(String filters, String id, float rank) {
        return relevance(filters, id, rank, null);
    }

    public static PageCursor relevance(String filters, String id, float rank, RankWindow window) {
        return new PageCursor(PaperSort.RELEVANCE, filters, id, null, null, rank, null, window);
    }

    public static PageCursor related(String filters, String id, long related) {
        return new PageCursor(PaperSort.RELATED, filters, id, null, null, null, related, null);
    }
}
