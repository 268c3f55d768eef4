package io.paperstream.query.catalog.read;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How several {@code theme} filters combine. */
public enum ThemeFilterMode {

    /** A paper must carry every theme. */
    ALL,
    /** A paper must carry at least one of the themes. */
    ANY;

    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ThemeFilterMode> fromParameter(String value) {
        return Arrays.stream(values()).filter(match -> match.parameterValue().equals(value)).findFirst();
    }
}
