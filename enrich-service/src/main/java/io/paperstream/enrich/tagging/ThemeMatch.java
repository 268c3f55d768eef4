package io.paperstream.enrich.tagging;

import java.util.List;

/**
 * A theme the tagger found in a paper, with the evidence.
 *
 * @param score   how strongly the paper is about the theme, 0..1 (0.5 at the theme's threshold)
 * @param matched the terms that fired, as written in the taxonomy, strongest first
 */
public record ThemeMatch(String slug, String label, double score, List<String> matched) {

    public ThemeMatch {
        matched = List.copyOf(matched);
    }
}
