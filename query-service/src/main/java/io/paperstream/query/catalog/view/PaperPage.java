package io.paperstream.query.catalog.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of a listing.
 *
 * @param nextCursor where the next page starts, null on the last page
 * @param total      rows of the whole listing; a lower bound when {@code totalExact} is false
 * @param facets        counts over the whole listing by the facets asked for ({@code facets=}); absent when none
 * @param facetsExact   with facets: whether they count every matching paper (else only {@code facetsCounted})
 * @param facetsCounted with inexact facets: how many matching papers they count (the first ones read, in no
 *                      particular order); absent otherwise
 */
public record PaperPage(List<PaperSummary> items, String nextCursor, long total, boolean totalExact,
        @JsonInclude(JsonInclude.Include.NON_NULL) FacetCounts facets,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean facetsExact,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long facetsCounted) {

    public PaperPage(List<PaperSummary> items, String nextCursor, long total, boolean totalExact) {
        this(items, nextCursor, total, totalExact, null, null, null);
    }

    public PaperPage withFacets(FacetCounts counts) {
        return new PaperPage(items, nextCursor, total, totalExact, counts, counts.exact(),
                counts.exact() ? null : counts.counted());
    }
}
