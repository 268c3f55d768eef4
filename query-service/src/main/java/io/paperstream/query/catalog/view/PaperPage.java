package io.paperstream.query.catalog.view;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextCursor where the next page starts, null on the last page
 * @param total      rows of the whole listing; a lower bound when {@code totalExact} is false
 */
public record PaperPage(List<PaperSummary> items, String nextCursor, long total, boolean totalExact) {
}
