package io.paperstream.enrich.streams;

import java.util.List;

/** The value of the counting state store: the slugs a paper currently carries. */
public record PaperThemes(List<String> slugs) {

    public PaperThemes {
        slugs = slugs == null ? List.of() : List.copyOf(slugs);
    }
}
