package io.paperstream.query.catalog.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of a listing.
 *
 * @param nextCursor where the next page starts, null on the last page
 * @param total      rows of the whole listing; a lower bound when {@code totalExact} is false
 * @param facets     counts over the whole listing by the facets asked for ({@code facets=}); absent when none
 */
public record PaperPage(List<PaperSummary> items, String nextCursor, long total, boolean totalExact,
        @JsonInclude(JsonInclude.Include.NON_NULL) FacetCounts facets) {

    public PaperPage(List<PaperSummary> items, String nextCursor, long total, boolean totalExact) {
        this(items, nextCursor, total, totalExact, null);
    }

    public PaperPage withFacets(FacetCounts counts) {
        return new PaperPage(items, nextCursor, total, totalExact, counts);
    }
}
