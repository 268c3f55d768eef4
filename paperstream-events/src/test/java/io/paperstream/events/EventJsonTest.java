package io.paperstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventJsonTest {

    private final PaperParsed parsed = new PaperParsed(1, "abc", "Title", "Summary", Map.of("guides", 3L),
            "d1", "seed", 1, Instant.parse("2026-11-26T10:00:00Z"));

    @Test
    void parsedRoundTripsWithIsoInstants() {
        byte[] json = EventJson.toBytes(parsed);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"schemaVersion\":1", "\"related\":{\"guides\":3}", "\"ingestedAt\":\"2026-11-26T10:00:00Z\"");
        assertThat(EventJson.fromBytes(json, PaperParsed.class)).isEqualTo(parsed);
    }

    @Test
    void enrichedCarriesEveryParsedField() {
        var tag = new ThemeTag("model-collapse", "Model collapse", 0.9, List.of("model collapse"));
        var enriched = PaperEnriched.of(parsed, List.of(tag), Instant.EPOCH, "v1");
        var back = EventJson.fromBytes(EventJson.toBytes(enriched), PaperEnriched.class);
        assertThat(back).isEqualTo(enriched);
        assertThat(back.related()).isEqualTo(parsed.related());
    }

    @Test
    void enrichedOfSchemaOneStillReads() {
        // what enrich wrote before schema 2: per-paper "so far" counts, now ignored
        String v1 = """
                {"schemaVersion":1,"id":"abc","title":"Title","summary":"Summary","related":{"guides":3},
                 "digestId":"d1","source":"seed","line":1,"ingestedAt":"2026-11-26T10:00:00Z",
                 "themes":[{"slug":"model-collapse","label":"Model collapse","score":0.9,
                            "matched":["model collapse"],"paperCount":3}],
                 "relatedPapers":2,"enrichedAt":"1970-01-01T00:00:00Z","taxonomyVersion":"v1"}
                """;
        var back = EventJson.fromBytes(v1.getBytes(StandardCharsets.UTF_8), PaperEnriched.class);
        assertThat(back.schemaVersion()).isEqualTo(1);
        assertThat(back.themes()).containsExactly(
                new ThemeTag("model-collapse", "Model collapse", 0.9, List.of("model collapse")));
        assertThat(back.related()).isEqualTo(parsed.related());
    }

    @Test
    void garbageGivesAReadableReason() {
        assertThatThrownBy(() -> EventJson.fromBytes("not json".getBytes(StandardCharsets.UTF_8), PaperParsed.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("PaperParsed");
        assertThatThrownBy(() -> EventJson.fromBytes(new byte[0], PaperParsed.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("empty");
    }
}
