package io.paperstream.query.catalog.read;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The opaque {@code cursor} token: base64url (no padding) of a small JSON object holding the sort, the filter
 * fingerprint, the last row's sort key and its id. Not signed: a forged cursor can only select rows that the
 * same request could list anyway, and every value in it is validated and bound as a parameter.
 */
public final class CursorCodec {

    /** Longest token accepted; a real one carries at most a title and an id. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private static final int FORMAT_VERSION = 1;
    /** PostgreSQL timestamptz covers 4713 BC .. 294276 AD; cursors only ever hold stored values. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CursorCodec() {
    }

    public static String encode(PageCursor cursor) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("v", FORMAT_VERSION)
                .put("s", cursor.sort().parameterValue())
                .put("f", cursor.filters())
                .put("id", cursor.id());
        switch (cursor.sort()) {
            case RECENT -> json.put("k", cursor.ingestedAt().toString());
            case TITLE -> json.put("k", cursor.title());
            case RELEVANCE -> {
                json.put("k", cursor.rank());
                if (cursor.window() != null) {
                    json.put("wt", cursor.window().oldestIngestedAt().toString()).put("wi", cursor.window().oldestId());
                }
            }
            case RELATED -> json.put("k", cursor.related());
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a cursor", e);
        }
    }

    /**
     * Reads a token and checks it belongs to this listing.
     *
     * @throws InvalidCursorException with a readable reason
     */
    public static PageCursor decode(String token, PaperSort expectedSort, String expectedFilters) {
        PageCursor cursor = decode(token);
        if (cursor.sort() != expectedSort) {
            throw new InvalidCursorException("the cursor was issued for sort=" + cursor.sort().parameterValue()
                    + ", not sort=" + expectedSort.parameterValue());
        }
        if (!cursor.filters().equals(expectedFilters)) {
            throw new InvalidCursorException("the cursor was issued for other filters; start again without a cursor");
        }
        return cursor;
    }

    static PageCursor decode(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidCursorException("the cursor is empty or too long");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidCursorException("the cursor is not one this service issued", e);
        }
        if (json == null || !json.isObject() || json.path("v").asInt(-1) != FORMAT_VERSION) {
            throw new InvalidCursorException("the cursor is not one this service issued");
        }
        PaperSort sort = PaperSort.fromParameter(text(json, "s"))
                .orElseThrow(() -> new InvalidCursorException("the cursor names no known sort"));
        String filters = text(json, "f");
        String id = text(json, "id");
        JsonNode key = json.path("k");
        return switch (sort) {
            case RECENT -> PageCursor.recent(filters, id, instant(text(json, "k")));
            case TITLE -> PageCursor.title(filters, id, text(json, "k"));
            case RELEVANCE -> {
                if (!key.isNumber() || !Float.isFinite(key.floatValue())) {
                    throw new InvalidCursorException("the cursor's rank is not a number");
                }
                PageCursor.RankWindow window = json.has("wt") || json.has("wi")
                        ? new PageCursor.RankWindow(instant(text(json, "wt")), text(json, "wi")) : null;
                yield PageCursor.relevance(filters, id, key.floatValue(), window);
            }
            case RELATED -> {
                if (!key.isIntegralNumber() || !key.canConvertToLong() || key.longValue() < 0) {
                    throw new InvalidCursorException("the cursor's related count is not a count");
                }
                yield PageCursor.related(filters, id, key.longValue());
            }
        };
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidCursorException("the cursor lacks its '" + field + "' value");
        }
        String value = node.textValue();
        // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidCursorException("the cursor holds an invalid character");
        }
        return value;
    }

    private static Instant instant(String value) {
        try {
            Instant instant = Instant.parse(value);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new InvalidCursorException("the cursor's time is out of range");
            }
            return instant;
        } catch (DateTimeException e) {
            throw new InvalidCursorException("the cursor's time is not an instant", e);
        }
    }
}
