package io.paperstream.query.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.paperstream.events.PaperLimits;
import io.paperstream.query.catalog.write.PaperRow;

/**
 * Decodes a papers.enriched value (PaperEnriched schema 1 or 2: unknown fields such as schema 1's
 * {@code relatedPapers} and {@code themes[].paperCount} are skipped) in one pass of a streaming parser, into the
 * row the catalog stores, or into the reason it must be dead-lettered.
 * <p>
 * The JSON fields ({@code related}, each theme's {@code matched}) are validated while parsed and then sliced out
 * of the input bytes as they are, so they reach their jsonb columns without being built into maps and written
 * again. Everything the database would refuse (NUL characters, instants it cannot store, a related count that is
 * not a non-negative integer) is refused here, so that one bad record can never fail a whole batch. So is what
 * breaks {@link EnrichedLimits}: anyone with broker access can write papers.enriched, so query applies ingest's
 * limits again, and bounds the parts enrich adds.
 */
public final class EnrichedPaperDecoder {

    /** Longest paper id accepted (real ids are 32 hex digits). */
    static final int MAX_ID_LENGTH = 256;
    /** The instants PostgreSQL's timestamptz and the API's ISO-8601 form both handle. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final JsonFactory JSON = new JsonFactory();

    private EnrichedPaperDecoder() {
    }

    /** The decoded value; never throws. A null value is a tombstone. */
    public static EnrichedRecord decode(byte[] value, EnrichedLimits limits) {
        if (value == null) {
            return EnrichedRecord.Tombstone.INSTANCE;
        }
        // before parsing: a record over the limit costs nothing more than its size
        String tooLarge = limits.paper().recordSizeProblem(value.length);
        if (tooLarge != null) {
            return new EnrichedRecord.Rejected(tooLarge, value, EnrichedRecord.Provenance.UNKNOWN);
        }
        Reader reader = new Reader(value, limits);
        try {
            return reader.read();
        } catch (Invalid e) {
            return new EnrichedRecord.Rejected(e.getMessage(), value, reader.provenance());
        } catch (JsonProcessingException e) {
            return new EnrichedRecord.Rejected("not a valid PaperEnriched JSON object: " + e.getOriginalMessage(),
                    value, reader.provenance());
        } catch (IOException | RuntimeException e) {
            return new EnrichedRecord.Rejected("unreadable PaperEnriched: " + e, value, reader.provenance());
        }
    }

    /**
     * What needs the record key as well (the value deserializer does not get it): a tombstone must have a usable
     * key, a paper's key must be its id. Returns the value itself when it passes.
     */
    public static EnrichedRecord withKey(String key, EnrichedRecord value) {
        if (value == null || value instanceof EnrichedRecord.Tombstone) {
            if (key == null || key.isBlank() || hasNul(key)) {
                return new EnrichedRecord.Rejected("tombstone without a usable key", null,
                        EnrichedRecord.Provenance.UNKNOWN);
            }
            return EnrichedRecord.Tombstone.INSTANCE;
        }
        if (value instanceof EnrichedRecord.Accepted accepted && key != null && !key.equals(accepted.paper().id())) {
            return new EnrichedRecord.Rejected("the record key '" + key.replace('\u0000', '?')
                    + "' is not the paper id '" + accepted.paper().id() + "'", accepted.bytes(),
                    provenanceOf(accepted));
        }
        return value;
    }

    static EnrichedRecord.Provenance provenanceOf(EnrichedRecord.Accepted accepted) {
        return new EnrichedRecord.Provenance(accepted.paper().source(), accepted.paper().digestId(),
                accepted.paper().line());
    }

    /** Why a value is refused. */
    private static final class Invalid extends Exception {

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The fields of one value, as the parser meets them. */
    private static final class Reader {

        private final byte[] bytes;
        private final EnrichedLimits limits;
        private String id;
        private String title;
        private String summary;
        private String source;
        private String digestId;
        private Integer line;
        private String relatedJson = "{}";
        /** The related counts, for the shared limits (kinds, their lengths, the counts). */
        private final Map<String, Long> related = new LinkedHashMap<>();
        private int themeTags;
        private Instant ingestedAt;
        private Instant enrichedAt;
        private String taxonomyVersion;
        /** By slug: one tag per slug (the strongest), as the catalog keys a paper's themes by slug. */
        private final Map<String, PaperRow.Theme> themes = new LinkedHashMap<>();

        Reader(byte[] bytes, EnrichedLimits limits) {
            this.bytes = bytes;
            this.limits = limits;
        }

        EnrichedRecord.Provenance provenance() {
            return new EnrichedRecord.Provenance(source, digestId, line);
        }

        EnrichedRecord read() throws IOException, Invalid {
            if (bytes.length == 0) {
                throw new Invalid("empty record value, expected a PaperEnriched JSON object");
            }
            try (JsonParser parser = JSON.createParser(bytes)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new Invalid("the record value is not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "id" -> id = string(parser, field);
                        case "title" -> title = string(parser, field);
                        case "summary" -> summary = string(parser, field);
                        case "source" -> source = string(parser, field);
                        case "digestId" -> digestId = string(parser, field);
                        case "taxonomyVersion" -> taxonomyVersion = string(parser, field);
                        case "line" -> line = integer(parser, field);
                        case "ingestedAt" -> ingestedAt = instant(parser, field);
                        case "enrichedAt" -> enrichedAt = instant(parser, field);
                        case "related" -> relatedJson = related(parser);
                        case "themes" -> themes(parser);
                        // schemaVersion, schema 1's relatedPapers, fields of later schemas
                        default -> parser.skipChildren();
                    }
                }
            }
            String problem = problem();
            if (problem != null) {
                throw new Invalid(problem);
            }
            return new EnrichedRecord.Accepted(new PaperRow(id, title, summary == null ? "" : summary, source,
                    digestId, line == null ? 0 : line, relatedJson, ingestedAt, enrichedAt, taxonomyVersion,
                    List.copyOf(themes.values())), bytes);
        }

        /** The first reason the paper cannot be stored, or null. */
        private String problem() {
            if (id == null || id.isBlank()) {
                return "the paper has no id";
            }
            if (id.length() > MAX_ID_LENGTH) {
                return "the paper id is longer than " + MAX_ID_LENGTH + " characters";
            }
            if (title == null || title.isBlank()) {
                return "the paper has no title";
            }
            if (ingestedAt == null) {
                return "the paper has no ingestedAt";
            }
            if (enrichedAt == null) {
                return "the paper has no enrichedAt";
            }
            if (hasNul(id, title, summary, source, digestId, taxonomyVersion)) {
                return "the paper holds a NUL character, which the catalog cannot store";
            }
            String limited = limits.paper().problemOf(title, summary, related, source);
            if (limited == null) {
                limited = PaperLimits.textProblem("paper id", id, MAX_ID_LENGTH);
            }
            if (limited == null) {
                limited = PaperLimits.textProblem("digest id", digestId, MAX_ID_LENGTH);
            }
            if (limited == null) {
                limited = PaperLimits.textProblem("taxonomy version", taxonomyVersion, MAX_ID_LENGTH);
            }
            return limited;
        }

        private String related(JsonParser parser) throws IOException, Invalid {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return "{}";
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new Invalid("related must be an object of counts");
            }
            int start = startOf(parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (hasNul(name)) {
                    throw new Invalid("the paper holds a NUL character, which the catalog cannot store");
                }
                if (hasLoneSurrogate(name)) {
                    throw new Invalid("a related name holds a lone UTF-16 surrogate, which jsonb refuses");
                }
                JsonToken count = parser.nextToken();
                if (count != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || parser.getLongValue() < 0) {
                    throw new Invalid("related '" + name.replace('\u0000', '?')
                            + "' must be a non-negative integer");
                }
                related.put(name, parser.getLongValue());
            }
            return slice(start, endOf(parser), '{', '}');
        }

        private void themes(JsonParser parser) throws IOException, Invalid {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new Invalid("themes must be an array");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new Invalid("a theme of the paper has no slug");
                }
                if (++themeTags > limits.maxThemes()) {
                    throw new Invalid("the paper has more than " + limits.maxThemes() + " themes");
                }
                PaperRow.Theme theme = theme(parser);
                themes.merge(theme.slug(), theme, (a, b) -> b.score() > a.score() ? b : a);
            }
        }

        private PaperRow.Theme theme(JsonParser parser) throws IOException, Invalid {
            String slug = null;
            double score = 0;
            String matched = "[]";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "slug" -> slug = string(parser, "slug");
                    case "score" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                            throw new Invalid("a theme's score must be a number");
                        }
                        score = parser.getDoubleValue();
                    }
                    case "matched" -> matched = matched(parser, slug);
                    // the catalog keeps the taxonomy's label: this one is only bounded
                    case "label" -> {
                        String label = string(parser, "a theme's label");
                        String problem = PaperLimits.textProblem("label of a theme", label, limits.maxLabelLength());
                        if (problem != null) {
                            throw new Invalid(problem);
                        }
                    }
                    // schema 1's paperCount
                    default -> parser.skipChildren();
                }
            }
            if (slug == null || slug.isBlank()) {
                throw new Invalid("a theme of the paper has no slug");
            }
            if (hasNul(slug)) {
                throw new Invalid("theme '" + slug.replace('\u0000', '?') + "' holds a NUL character");
            }
            String slugProblem = PaperLimits.textProblem("theme slug", slug, limits.maxSlugLength());
            if (slugProblem != null) {
                throw new Invalid(slugProblem);
            }
            if (!Double.isFinite(score)) {
                throw new Invalid("theme '" + slug + "' has a score that is not a number");
            }
            if (score < 0 || score > 1) {
                throw new Invalid("theme '" + slug + "' has the score " + score + ", outside 0..1");
            }
            return new PaperRow.Theme(slug, score, matched);
        }

        private String matched(JsonParser parser, String slug) throws IOException, Invalid {
            String theme = slug == null ? "a theme" : "theme '" + slug.replace('\u0000', '?') + "'";
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return "[]";
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new Invalid(theme + ": matched must be an array of terms");
            }
            int start = startOf(parser);
            int terms = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    throw new Invalid(theme + ": matched must be an array of terms");
                }
                if (++terms > limits.maxMatchedTerms()) {
                    throw new Invalid(theme + " has more than " + limits.maxMatchedTerms() + " matched terms");
                }
                if (hasNul(parser.getText())) {
                    throw new Invalid(theme + " holds a NUL character");
                }
                if (hasLoneSurrogate(parser.getText())) {
                    throw new Invalid(theme + ": a matched term holds a lone UTF-16 surrogate, which jsonb refuses");
                }
                String problem = PaperLimits.textProblem("matched term", parser.getText(), limits.maxTermLength());
                if (problem != null) {
                    throw new Invalid(theme + ": " + problem);
                }
            }
            return slice(start, endOf(parser), '[', ']');
        }

        /** The byte offset of the current token (an opening bracket). */
        private static int startOf(JsonParser parser) {
            return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
        }

        /** The byte offset just past the current token (a closing bracket). */
        private static int endOf(JsonParser parser) {
            return Math.toIntExact(parser.currentLocation().getByteOffset());
        }

        /** The value's exact JSON text, from its opening to its closing bracket. */
        private String slice(int start, int end, char open, char close) {
            if (start < 0 || end > bytes.length || end - start < 2 || bytes[start] != open
                    || bytes[end - 1] != close) {
                // the parser's offsets are the whole point: never store anything else than the value itself
                throw new IllegalStateException("cannot locate the JSON value at bytes " + start + ".." + end);
            }
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }

        private static String string(JsonParser parser, String field) throws IOException, Invalid {
            return switch (parser.currentToken()) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NULL -> null;
                default -> throw new Invalid(field + " must be a string");
            };
        }

        private static Integer integer(JsonParser parser, String field) throws IOException, Invalid {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() != JsonParser.NumberType.INT) {
                throw new Invalid(field + " must be an integer");
            }
            return parser.getIntValue();
        }

        private static Instant instant(JsonParser parser, String field) throws IOException, Invalid {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new Invalid("the paper's " + field + " must be an ISO-8601 instant");
            }
            Instant instant;
            try {
                instant = Instant.parse(parser.getText());
            } catch (DateTimeParseException e) {
                throw new Invalid("the paper's " + field + " '" + parser.getText().replace('\u0000', '?')
                        + "' is not an ISO-8601 instant");
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new Invalid("the paper's " + field + " " + instant + " is out of range");
            }
            return instant;
        }
    }

    /**
     * A {@code \\uD800}-style escape without its pair: Jackson reads it, but PostgreSQL refuses it in jsonb (and the
     * sliced JSON text still holds the escape).
     */
    static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasNul(String... values) {
        for (String value : values) {
            if (value != null && value.indexOf('\u0000') >= 0) {
                return true;
            }
        }
        return false;
    }
}
