package io.paperstream.query.catalog;

import java.util.List;

/**
 * What a batch did to the catalog.
 *
 * @param materialized papers inserted or replaced by a newer version
 * @param unchanged    records that changed nothing (redeliveries, older versions arriving late)
 * @param removed      papers removed by tombstones
 */
public record WriteResult(List<MaterializedPaper> materialized, int unchanged, int removed) {
}
