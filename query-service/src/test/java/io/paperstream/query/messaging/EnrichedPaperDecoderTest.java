package io.paperstream.query.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;
import io.paperstream.query.catalog.PaperChange;

class EnrichedPaperDecoderTest {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void aValidPaperBecomesAnUpsert() {
        PaperEnriched paper = paper("p1", "A title", List.of(tag("reasoning", 0.8)));
        EnrichedPaperDecoder.Decoded decoded = EnrichedPaperDecoder.decode(record("p1", EventJson.toBytes(paper)));
        assertThat(decoded).isEqualTo(new EnrichedPaperDecoder.Accepted(new PaperChange.Upsert(paper)));
    }

    @Test
    void aTombstoneBecomesARemoval() {
        assertThat(EnrichedPaperDecoder.decode(record("p1", null)))
                .isEqualTo(new EnrichedPaperDecoder.Accepted(new PaperChange.Removal("p1")));
        assertThat(EnrichedPaperDecoder.decode(record(null, null)))
                .isInstanceOf(EnrichedPaperDecoder.Rejected.class);
    }

    @Test
    void duplicateThemesKeepTheStrongest() {
        PaperEnriched paper = paper("p1", "A title", List.of(tag("reasoning", 0.3), tag("reasoning", 0.9),
                tag("dialogue", 0.5)));
        PaperEnriched decoded = ((PaperChange.Upsert) ((EnrichedPaperDecoder.Accepted) EnrichedPaperDecoder
                .decode(record("p1", EventJson.toBytes(paper)))).change()).paper();
        assertThat(decoded.themes()).extracting(ThemeTag::slug).containsExactly("reasoning", "dialogue");
        assertThat(decoded.themes().get(0).score()).isEqualTo(0.9);
    }

    @Test
    void whatTheCatalogCannotStoreIsRejectedWithAReason() {
        Map<String, byte[]> bad = Map.of(
                "not json", "{oops".getBytes(StandardCharsets.UTF_8),
                "empty", new byte[0],
                "no title", EventJson.toBytes(paper("p1", " ", List.of())),
                "NUL", EventJson.toBytes(paper("p1", "bad\u0000title", List.of())),
                "NUL in a match", EventJson.toBytes(paper("p1", "t", List.of(new ThemeTag("a", "A", 0.5,
                        List.of("x\u0000"))))),
                "blank slug", EventJson.toBytes(paper("p1", "t", List.of(tag(" ", 0.5)))),
                "far future", EventJson.toBytes(new PaperEnriched(1, "p1", "t", "", Map.of(), "d", "s", 1,
                        Instant.parse("+20000-01-01T00:00:00Z"), List.of(), T0, "v")),
                "no enrichedAt", EventJson.toBytes(new PaperEnriched(1, "p1", "t", "", Map.of(), "d", "s", 1, T0,
                        List.of(), null, "v")));
        bad.forEach((what, value) -> assertThat(EnrichedPaperDecoder.decode(record("p1", value))).as(what)
                .isInstanceOfSatisfying(EnrichedPaperDecoder.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isNotBlank()));
        assertThat(EnrichedPaperDecoder.decode(record("other-key", EventJson.toBytes(paper("p1", "t", List.of())))))
                .isInstanceOfSatisfying(EnrichedPaperDecoder.Rejected.class,
                        rejected -> assertThat(rejected.reason()).contains("other-key"));
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("papers.enriched", 0, 7, key, value);
    }

    private static ThemeTag tag(String slug, double score) {
        return new ThemeTag(slug, slug, score, List.of(slug));
    }

    private static PaperEnriched paper(String id, String title, List<ThemeTag> themes) {
        return new PaperEnriched(1, id, title, "summary", Map.of("guides", 2L), "d", "s", 3, T0, themes,
                T0.plusSeconds(1), "v");
    }
}
