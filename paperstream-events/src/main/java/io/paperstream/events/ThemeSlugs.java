package io.paperstream.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads only the {@code themes[].slug} fields of a {@code PaperEnriched} JSON with Jackson's streaming parser: enrich's
 * theme router needs the slugs to pick the topics and passes the bytes on untouched, and query's theme streams need
 * them to pick the subscribers before they read the whole paper, so binding every paper would be wasted work.
 */
public final class ThemeSlugs {

    private static final JsonFactory JSON = EventJson.mapper().getFactory();
    private static final String THEMES = "themes";
    private static final String SLUG = "slug";

    private ThemeSlugs() {
    }

    /**
     * The slugs of the paper's themes, in order; empty when it has none. Throws {@link InvalidEventException} when the
     * bytes are not a JSON object or a theme has no slug.
     */
    public static List<String> of(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty record value, expected a PaperEnriched JSON object");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("not a PaperEnriched JSON object");
            }
            List<String> slugs = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (THEMES.equals(field) && value == JsonToken.START_ARRAY) {
                    slugs = themeSlugs(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return slugs;
        } catch (IOException e) {
            throw new InvalidEventException("not a valid PaperEnriched JSON object: " + e.getMessage(), e);
        }
    }

    /** From just after the {@code [} of {@code themes} to its {@code ]}. */
    private static List<String> themeSlugs(JsonParser parser) throws IOException {
        List<String> slugs = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            String slug = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (parser.nextToken() == JsonToken.VALUE_STRING && SLUG.equals(field)) {
                    slug = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (slug == null || slug.isBlank()) {
                throw new InvalidEventException("a theme of the PaperEnriched has no slug");
            }
            slugs.add(slug);
        }
        if (token != JsonToken.END_ARRAY) {
            throw new InvalidEventException("PaperEnriched themes is not an array of objects");
        }
        return slugs;
    }
}
