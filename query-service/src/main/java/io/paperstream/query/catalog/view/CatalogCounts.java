package io.paperstream.query.catalog.view;

import java.time.Instant;

/** Size and freshness of the catalog. */
public record CatalogCounts(long papers, long themes, Instant lastMaterializedAt) {
}
