package io.paperstream.enrich.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.paperstream.events.EventJson;
import io.paperstream.events.IsoInstants;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;

/**
 * Writes a {@link PaperEnriched} with the event mapper's own generator, field by field in the record's order: the
 * same bytes as {@link EventJson#toBytes} (the generator does the escaping and number forms; instants go through the
 * mapper), without databind's per-property machinery for the one event enrich writes for every paper. A test holds it
 * to the record's components and to Jackson's bytes, so a field added to the event cannot be left out silently.
 */
final class EnrichedJsonWriter {

    /** The components of {@link PaperEnriched} and {@link ThemeTag}, in the order they are written. */
    static final List<String> PAPER_FIELDS = List.of("schemaVersion", "id", "title", "summary", "related",
            "digestId", "source", "line", "ingestedAt", "themes", "enrichedAt", "taxonomyVersion");
    static final List<String> THEME_FIELDS = List.of("slug", "label", "score", "matched");

    private static final JsonFactory JSON = EventJson.mapper().getFactory();

    private EnrichedJsonWriter() {
    }

    static byte[] toBytes(PaperEnriched paper) {
        try (ByteArrayBuilder out = new ByteArrayBuilder()) {
            try (JsonGenerator json = JSON.createGenerator(out)) {
                write(paper, json);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(PaperEnriched paper, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("schemaVersion", paper.schemaVersion());
        json.writeStringField("id", paper.id());
        json.writeStringField("title", paper.title());
        json.writeStringField("summary", paper.summary());
        json.writeFieldName("related");
        json.writeStartObject();
        for (Map.Entry<String, Long> related : paper.related().entrySet()) {
            json.writeFieldName(related.getKey());
            if (related.getValue() == null) {
                json.writeNull();
            } else {
                json.writeNumber(related.getValue());
            }
        }
        json.writeEndObject();
        json.writeStringField("digestId", paper.digestId());
        json.writeStringField("source", paper.source());
        json.writeNumberField("line", paper.line());
        writeInstant(json, "ingestedAt", paper.ingestedAt());
        json.writeArrayFieldStart("themes");
        for (ThemeTag theme : paper.themes()) {
            json.writeStartObject();
            json.writeStringField("slug", theme.slug());
            json.writeStringField("label", theme.label());
            json.writeNumberField("score", theme.score());
            json.writeArrayFieldStart("matched");
            for (String term : theme.matched()) {
                json.writeString(term);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        writeInstant(json, "enrichedAt", paper.enrichedAt());
        json.writeStringField("taxonomyVersion", paper.taxonomyVersion());
        json.writeEndObject();
    }

    private static void writeInstant(JsonGenerator json, String field, Instant instant) throws IOException {
        // the event form of an instant (what the mapper writes with IsoInstants), null as null
        json.writeStringField(field, instant == null ? null : IsoInstants.format(instant));
    }
}
