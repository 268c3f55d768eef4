package io.paperstream.query.catalog.view;

import java.util.Comparator;
import java.util.List;

/** A theme of a paper as the API shows it. */
public record ThemeScore(String slug, String label, double score, List<String> matched) {

    /** The order a paper's themes are shown in, in listings and on streams. */
    public static final Comparator<ThemeScore> STRONGEST_FIRST = Comparator.comparingDouble(ThemeScore::score)
            .reversed().thenComparing(ThemeScore::slug);
}
