package io.paperstream.query.catalog.write;

/**
 * What a batch did to the catalog.
 *
 * @param materialized papers inserted or replaced by a newer version
 * @param unchanged    records that changed nothing (redeliveries, older versions arriving late)
 * @param removed      papers removed by tombstones
 */
public record WriteResult(int materialized, int unchanged, int removed) {

    public WriteResult plus(WriteResult other) {
        return new WriteResult(materialized + other.materialized, unchanged + other.unchanged,
                removed + other.removed);
    }
}
