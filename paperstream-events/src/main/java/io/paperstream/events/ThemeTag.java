package io.paperstream.events;

import java.util.List;

/**
 * One theme that a paper carries, with the evidence for it.
 *
 * @param score      how strongly the paper is about the theme, 0..1
 * @param matched the taxonomy terms that fired, as written in the taxonomy
 * <p>
 * Schema 1 also carried {@code paperCount}, a "so far" count from a single counting task; schema 2 dropped it (the
 * catalog serves exact counts). Readers ignore it when an old record still has it.
 */
public record ThemeTag(String slug, String label, double score, List<String> matched) {

    public ThemeTag {
        matched = matched == null ? List.of() : List.copyOf(matched);
    }
}
