package io.paperstream.query.catalog.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Counts over every paper matching a listing's filters (not only its page), per requested facet; a facet not
 * requested is absent. Each list is sorted by count (largest first), then by key, and holds no zero count.
 *
 * @param exact   whether every matching paper was counted (the page says so beside the facets, not in them)
 * @param counted how many matching papers were counted when not exact
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FacetCounts(List<ThemeCount> theme, List<SourceCount> source, @JsonIgnore boolean exact,
        @JsonIgnore long counted) {

    public record ThemeCount(String slug, long count) {
    }

    public record SourceCount(String value, long count) {
    }
}
