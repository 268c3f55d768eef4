package io.paperstream.query.catalog.read;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Orders of a paper listing; each has a total order (ties broken by id) so keyset paging is exact. */
public enum PaperSort {

    /** Newest ingestion first. */
    RECENT,
    /** Most related papers first. */
    RELATED,
    /** Title A to Z. */
    TITLE,
    /** Best full-text match first; needs a text query. */
    RELEVANCE;

    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PaperSort> fromParameter(String value) {
        return Arrays.stream(values()).filter(sort -> sort.parameterValue().equals(value)).findFirst();
    }
}
