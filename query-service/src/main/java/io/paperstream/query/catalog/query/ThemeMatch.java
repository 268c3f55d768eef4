package io.paperstream.query.catalog.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How several {@code theme} filters combine. */
public enum ThemeMatch {

    /** A paper must carry every theme. */
    ALL,
    /** A paper must carry at least one of the themes. */
    ANY;

    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ThemeMatch> fromParameter(String value) {
        return Arrays.stream(values()).filter(match -> match.parameterValue().equals(value)).findFirst();
    }
}
