package io.paperstream.events;

import java.util.List;

/**
 * One theme that a paper carries, with the evidence for it.
 *
 * @param score      how strongly the paper is about the theme, 0..1
 * @param matched    the taxonomy terms that fired, as written in the taxonomy
 * @param paperCount distinct papers carrying this theme so far, this one included
 */
public record ThemeTag(String slug, String label, double score, List<String> matched, long paperCount) {

    public ThemeTag {
        matched = matched == null ? List.of() : List.copyOf(matched);
    }
}
