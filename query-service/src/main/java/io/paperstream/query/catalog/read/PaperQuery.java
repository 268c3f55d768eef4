package io.paperstream.query.catalog.read;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A validated paper listing request.
 *
 * @param themes     distinct theme slugs, sorted (empty: no theme filter)
 * @param text       full-text query, or null
 * @param minRelated papers with at least this many related papers; 0 = no filter
 * @param after      where the previous page ended, or null for the first page
 */
public record PaperQuery(List<String> themes, ThemeFilterMode themeMatch, String text, long minRelated, String source,
        Instant ingestedAfter, Instant ingestedBefore, PaperSort sort, int limit, PageCursor after) {

    public PaperQuery {
        themes = themes.stream().distinct().sorted().toList();
    }

    /** True when only themes and minRelated filter: the theme combinations then count the total exactly. */
    public boolean filtersOnlyByThemes() {
        return text == null && source == null && ingestedAfter == null && ingestedBefore == null;
    }

    /**
     * True when themes, minRelated and a source filter (only): the {@code theme_combo_source} counters then count the
     * total exactly.
     */
    public boolean filtersOnlyByThemesAndSource() {
        return text == null && source != null && ingestedAfter == null && ingestedBefore == null;
    }

    /**
     * A short digest of the filters (not of sort, limit or position), bound into cursors so that a cursor is
     * refused by any other listing.
     */
    public String filterFingerprint() {
        String canonical = String.join("\u0001", "themes=" + String.join(",", themes),
                "match=" + themeMatch.parameterValue(), "q=" + nullable(text), "minRelated=" + minRelated,
                "source=" + nullable(source), "after=" + nullable(ingestedAfter), "before=" + nullable(ingestedBefore));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static String nullable(Object value) {
        return value == null ? "\u0000" : value.toString();
    }
}
