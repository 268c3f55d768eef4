package io.paperstream.enrich.streams;

import java.util.List;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;

/**
 * An enriched paper serialized once ({@link EventJson}), with the slugs of its themes: the same bytes go to
 * {@code papers.enriched} and to every {@code themes.<slug>}, instead of one serialization per copy.
 */
record EnrichedJson(List<String> slugs, byte[] json) {

    /** The JSON of a paper and its theme slugs; null (a tombstone) for null. */
    static EnrichedJson of(PaperEnriched paper) {
        if (paper == null) {
            return null;
        }
        return new EnrichedJson(paper.themes().stream().map(ThemeTag::slug).toList(), EventJson.toBytes(paper));
    }

    /** The bytes to write; null for a tombstone. */
    static byte[] jsonOf(EnrichedJson enriched) {
        return enriched == null ? null : enriched.json();
    }
}
