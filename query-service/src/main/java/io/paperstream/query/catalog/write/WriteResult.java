package io.paperstream.query.catalog.write;

/**
 * What a batch did to the catalog, per paper (several records of one paper in a batch count once).
 *
 * @param inserted  papers the catalog did not have
 * @param updated   papers replaced by a newer version whose title, summary, source, related counts or themes differ
 * @param refreshed papers replaced by a newer version with the same content (a re-ingest of the same text, a
 *                  retag that gives the same themes): the row is rewritten, a reader sees nothing change
 * @param unchanged records that changed nothing (redeliveries, older versions arriving late)
 * @param removed   papers removed by tombstones
 */
public record WriteResult(int inserted, int updated, int refreshed, int unchanged, int removed) {

    public static final WriteResult NONE = new WriteResult(0, 0, 0, 0, 0);

    /** Papers inserted or replaced by a newer version: the rows this batch wrote. */
    public int materialized() {
        return inserted + updated + refreshed;
    }

    public WriteResult plus(WriteResult other) {
        return new WriteResult(inserted + other.inserted, updated + other.updated, refreshed + other.refreshed,
                unchanged + other.unchanged, removed + other.removed);
    }
}
