package io.paperstream.query.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Parses request parameters, refusing what the catalog could not use with a 400 that names the parameter. */
final class QueryParameters {

    /** The instants PostgreSQL's timestamptz and ISO-8601 both handle without surprises. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private QueryParameters() {
    }

    static int limit(String name, String raw, int defaultValue, int max) {
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw QueryProblems.invalidParameter(name, name + " must be a whole number from 1 to " + max
                    + ", not '" + shown(raw) + "'");
        }
        if (value < 1 || value > max) {
            throw QueryProblems.invalidParameter(name, name + " must be from 1 to " + max + ", not " + value);
        }
        return value;
    }

    /** A count of at least 0; absent is 0. */
    static long count(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw QueryProblems.invalidParameter(name, name + " must be a whole number of at least 0, not '"
                + shown(raw) + "'");
    }

    /** An ISO-8601 instant ({@code 2026-11-26T08:00:00Z}) or date-time with offset; absent is null. */
    static Instant instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(raw.trim());
        } catch (DateTimeException e) {
            try {
                instant = OffsetDateTime.parse(raw.trim()).toInstant();
            } catch (DateTimeException again) {
                throw QueryProblems.invalidParameter(name, name + " must be an ISO-8601 instant such as "
                        + "2026-11-26T08:00:00Z, not '" + shown(raw) + "' (in a URL, write + as %2B)");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw QueryProblems.invalidParameter(name, name + " must lie between years 1 and 9999");
        }
        return instant;
    }

    /** Free text, at most {@code maxLength} characters; blank is null. */
    static String text(String name, String raw, int maxLength) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > maxLength) {
            throw QueryProblems.invalidParameter(name, name + " must be at most " + maxLength
                    + " characters, not " + raw.length());
        }
        if (hasControlCharacter(raw)) {
            throw QueryProblems.invalidParameter(name, name + " must not contain control characters");
        }
        return raw.trim();
    }

    static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> c == 0 || (Character.isISOControl(c) && !Character.isWhitespace(c)));
    }

    /** The value as it may appear in an error message: short, without control characters. */
    static String shown(String raw) {
        String printable = raw.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}
