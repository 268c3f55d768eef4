package io.paperstream.query.catalog.read;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What {@code facets=} of {@code GET /papers} can count the matching papers by. */
public enum Facet {
    /** Papers per theme slug (a paper with several themes counts once for each). */
    THEME,
    /** Papers per digest source (papers without a source are not counted). */
    SOURCE;

    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Facet> fromParameter(String value) {
        return Arrays.stream(values()).filter(facet -> facet.parameterValue().equals(value.trim())).findFirst();
    }
}
