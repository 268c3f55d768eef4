package io.paperstream.query.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;
import io.paperstream.query.catalog.write.PaperRow;

class EnrichedPaperDecoderTest {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    /** The shared defaults (paperstream-events' microprofile-config.properties) and query's theme bounds. */
    static final EnrichedLimits LIMITS = new EnrichedLimits(new PaperLimits(1000, 20000, 100, 100, 1_000_000_000L,
            921_600), 256, 100, 200, 100, 200);

    /** A schema 1 record as enrich published it before issue 10, spaced out as a person would write it. */
    private static final String SCHEMA_1 = """
            {
              "schemaVersion" : 1,
              "id" : "3f1c0ad5e2b44c9a8d7e6f5a4b3c2d1e",
              "title" : "Tool-using agents: a survey \u00e9\u4e2d",
              "summary" : "We survey agents that call tools.",
              "related" : { "guides" : 3, "benchmarks" : 0, "caf\u00e9" : 12 },
              "digestId" : "digest-42",
              "source" : "arxiv-weekly",
              "line" : 17,
              "ingestedAt" : "2026-11-26T08:00:00Z",
              "themes" : [
                { "slug" : "tool-use", "label" : "Tool use", "score" : 0.8, "matched" : [ "tool", "API \\"calls\\"" ],
                  "paperCount" : 41 },
                { "slug" : "reasoning", "label" : "Reasoning", "score" : 1, "matched" : [], "paperCount" : 7 }
              ],
              "relatedPapers" : 46,
              "enrichedAt" : "2026-11-26T08:00:01.250Z",
              "taxonomyVersion" : "2026-11"
            }
            """;

    @Test
    void aSchema1RecordIsReadWithItsCountsIgnoredAndItsJsonFieldsKeptAsWritten() throws Exception {
        byte[] bytes = SCHEMA_1.getBytes(StandardCharsets.UTF_8);
        PaperRow paper = accepted(bytes).paper();
        assertThat(paper.id()).isEqualTo("3f1c0ad5e2b44c9a8d7e6f5a4b3c2d1e");
        assertThat(paper.title()).isEqualTo("Tool-using agents: a survey \u00e9\u4e2d");
        assertThat(paper.source()).isEqualTo("arxiv-weekly");
        assertThat(paper.digestId()).isEqualTo("digest-42");
        assertThat(paper.line()).isEqualTo(17);
        assertThat(paper.ingestedAt()).isEqualTo(T0);
        assertThat(paper.enrichedAt()).isEqualTo(Instant.parse("2026-11-26T08:00:01.250Z"));
        assertThat(paper.taxonomyVersion()).isEqualTo("2026-11");
        // exactly the bytes of the record, whitespace and escapes included: sliced, not re-encoded
        assertThat(paper.relatedJson()).isEqualTo("{ \"guides\" : 3, \"benchmarks\" : 0, \"caf\u00e9\" : 12 }");
        assertThat(paper.themes()).extracting(PaperRow.Theme::slug).containsExactly("tool-use", "reasoning");
        assertThat(paper.themes().get(0).matchedJson()).isEqualTo("[ \"tool\", \"API \\\"calls\\\"\" ]");
        assertThat(paper.themes().get(0).score()).isEqualTo(0.8);
        assertThat(paper.themes().get(1).matchedJson()).isEqualTo("[]");
        assertThat(paper.themes().get(1).score()).isEqualTo(1.0);
        // and the slices mean what the record meant
        JsonNode record = EventJson.mapper().readTree(bytes);
        assertThat(EventJson.mapper().readTree(paper.relatedJson())).isEqualTo(record.get("related"));
        assertThat(EventJson.mapper().readTree(paper.themes().get(0).matchedJson()))
                .isEqualTo(record.get("themes").get(0).get("matched"));
    }

    @Test
    void aSchema2RecordAsEnrichWritesItIsReadFieldForField() throws Exception {
        Map<String, Long> related = new LinkedHashMap<>();
        related.put("guides", 2L);
        related.put("datasets", 900_000_000L);
        PaperEnriched event = new PaperEnriched(PaperEnriched.SCHEMA_VERSION, "p1", "A title", "A summary.",
                related, "d", "s", 3, T0, List.of(new ThemeTag("dialogue", "Dialogue", 0.5, List.of("chat", "dialog"))),
                T0.plusSeconds(1), "v");
        byte[] bytes = EventJson.toBytes(event);
        EnrichedRecord.Accepted accepted = accepted(bytes);
        assertThat(accepted.bytes()).isSameAs(bytes);
        assertThat(accepted.paper()).isEqualTo(new PaperRow("p1", "A title", "A summary.", "s", "d", 3,
                "{\"guides\":2,\"datasets\":900000000}", T0, T0.plusSeconds(1), "v",
                List.of(new PaperRow.Theme("dialogue", 0.5, "[\"chat\",\"dialog\"]"))));
    }

    @Test
    void missingOrNullOptionalFieldsTakeTheirDefaults() {
        PaperRow paper = accepted(json("{\"id\":\"p1\",\"title\":\"t\",\"ingestedAt\":\"" + T0 + "\",\"enrichedAt\":\""
                + T0 + "\",\"related\":null,\"themes\":[{\"slug\":\"a\",\"score\":0.5,\"matched\":null}],"
                + "\"summary\":null}")).paper();
        assertThat(paper.relatedJson()).isEqualTo("{}");
        assertThat(paper.summary()).isEmpty();
        assertThat(paper.line()).isZero();
        assertThat(paper.themes()).containsExactly(new PaperRow.Theme("a", 0.5, "[]"));
    }

    @Test
    void duplicateThemesKeepTheStrongest() {
        PaperRow paper = accepted(EventJson.toBytes(paper("p1", "A title", List.of(tag("reasoning", 0.3),
                tag("reasoning", 0.9), tag("dialogue", 0.5))))).paper();
        assertThat(paper.themes()).extracting(PaperRow.Theme::slug).containsExactly("reasoning", "dialogue");
        assertThat(paper.themes().get(0).score()).isEqualTo(0.9);
    }

    @Test
    void aNullValueIsATombstoneWhichNeedsAKey() {
        assertThat(EnrichedPaperDecoder.decode(null, LIMITS)).isSameAs(EnrichedRecord.Tombstone.INSTANCE);
        assertThat(EnrichedPaperDecoder.withKey("p1", EnrichedRecord.Tombstone.INSTANCE))
                .isSameAs(EnrichedRecord.Tombstone.INSTANCE);
        assertThat(EnrichedPaperDecoder.withKey("p1", null)).isSameAs(EnrichedRecord.Tombstone.INSTANCE);
        assertThat(EnrichedPaperDecoder.withKey(null, EnrichedRecord.Tombstone.INSTANCE))
                .isInstanceOf(EnrichedRecord.Rejected.class);
        assertThat(EnrichedPaperDecoder.withKey(" ", null)).isInstanceOf(EnrichedRecord.Rejected.class);
    }

    @Test
    void aKeyThatIsNotThePaperIdIsRejectedWithTheOriginalBytes() {
        byte[] bytes = EventJson.toBytes(paper("p1", "t", List.of()));
        EnrichedRecord checked = EnrichedPaperDecoder.withKey("other-key", EnrichedPaperDecoder.decode(bytes, LIMITS));
        assertThat(checked).isInstanceOfSatisfying(EnrichedRecord.Rejected.class, rejected -> {
            assertThat(rejected.reason()).contains("other-key");
            assertThat(rejected.bytes()).isSameAs(bytes);
            assertThat(rejected.source()).isEqualTo(new EnrichedRecord.Provenance("s", "d", 3));
        });
        assertThat(EnrichedPaperDecoder.withKey("p1", EnrichedPaperDecoder.decode(bytes, LIMITS)))
                .isInstanceOf(EnrichedRecord.Accepted.class);
    }

    @Test
    void whatTheCatalogCannotStoreIsRejectedWithAReasonAndTheOriginalBytes() {
        String base = "\"id\":\"p1\",\"title\":\"t\",\"ingestedAt\":\"" + T0 + "\",\"enrichedAt\":\"" + T0 + "\"";
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("not json", json("{oops"));
        bad.put("truncated", json("{" + base + ",\"related\":{\"a\":1"));
        bad.put("not an object", json("[1,2]"));
        bad.put("a string", json("\"p1\""));
        bad.put("empty", new byte[0]);
        bad.put("invalid UTF-8", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'});
        bad.put("no title", EventJson.toBytes(paper("p1", " ", List.of())));
        bad.put("no id", json("{\"title\":\"t\",\"ingestedAt\":\"" + T0 + "\",\"enrichedAt\":\"" + T0 + "\"}"));
        bad.put("id too long", json("{" + base.replace("\"p1\"", "\"" + "x".repeat(257) + "\"") + "}"));
        bad.put("NUL", EventJson.toBytes(paper("p1", "bad\u0000title", List.of())));
        bad.put("NUL in a match", EventJson.toBytes(paper("p1", "t", List.of(new ThemeTag("a", "A", 0.5,
                List.of("x\u0000"))))));
        bad.put("NUL in a related name", json("{" + base + ",\"related\":{\"a\\u0000\":1}}"));
        bad.put("lone surrogate in a match",
                json("{" + base + ",\"themes\":[{\"slug\":\"a\",\"matched\":[\"x\\ud800\"]}]}"));
        bad.put("lone surrogate in a related name", json("{" + base + ",\"related\":{\"\\udc00\":1}}"));
        bad.put("negative related", json("{" + base + ",\"related\":{\"guides\":-1}}"));
        bad.put("fractional related", json("{" + base + ",\"related\":{\"guides\":1.5}}"));
        bad.put("huge related", json("{" + base + ",\"related\":{\"guides\":123456789012345678901234567890}}"));
        bad.put("related as text", json("{" + base + ",\"related\":{\"guides\":\"3\"}}"));
        bad.put("related not an object", json("{" + base + ",\"related\":[1]}"));
        bad.put("matched not an array", json("{" + base + ",\"themes\":[{\"slug\":\"a\",\"matched\":\"x\"}]}"));
        bad.put("matched of numbers", json("{" + base + ",\"themes\":[{\"slug\":\"a\",\"matched\":[1]}]}"));
        bad.put("a null theme", json("{" + base + ",\"themes\":[null]}"));
        bad.put("blank slug", EventJson.toBytes(paper("p1", "t", List.of(tag(" ", 0.5)))));
        bad.put("score as text", json("{" + base + ",\"themes\":[{\"slug\":\"a\",\"score\":\"high\"}]}"));
        bad.put("infinite score", json("{" + base + ",\"themes\":[{\"slug\":\"a\",\"score\":1e999}]}"));
        bad.put("line as text", json("{" + base + ",\"line\":\"3\"}"));
        bad.put("far future", EventJson.toBytes(new PaperEnriched(2, "p1", "t", "", Map.of(), "d", "s", 1,
                Instant.parse("+20000-01-01T00:00:00Z"), List.of(), T0, "v")));
        bad.put("not an instant", json("{" + base.replace(T0.toString(), "yesterday") + "}"));
        bad.put("no enrichedAt", EventJson.toBytes(new PaperEnriched(2, "p1", "t", "", Map.of(), "d", "s", 1, T0,
                List.of(), null, "v")));
        bad.forEach((what, value) -> assertThat(EnrichedPaperDecoder.decode(value, LIMITS)).as(what)
                .isInstanceOfSatisfying(EnrichedRecord.Rejected.class, rejected -> {
                    assertThat(rejected.reason()).as(what).isNotBlank();
                    assertThat(rejected.bytes()).as(what).isSameAs(value);
                }));
    }

    /** Each limit, broken on its own by a record otherwise good; the reason names what broke it. */
    static Map<String, byte[]> hostileRecords() {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("the title is longer than 1000", EventJson.toBytes(paper("p1", "t".repeat(1001), List.of())));
        hostile.put("title holds the control character U+0007", EventJson.toBytes(paper("p1", "bell\u0007", List.of())));
        hostile.put("the summary is longer than 20000", EventJson.toBytes(new PaperEnriched(2, "p1", "t", "s".repeat(20_001),
                Map.of(), "d", "s", 1, T0, List.of(), T0, "v")));
        hostile.put("the source is longer than 100", EventJson.toBytes(new PaperEnriched(2, "p1", "t", "", Map.of(), "d",
                "s".repeat(101), 1, T0, List.of(), T0, "v")));
        Map<String, Long> manyKinds = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            manyKinds.put("kind-" + i, 1L);
        }
        hostile.put("101 related kinds", EventJson.toBytes(new PaperEnriched(2, "p1", "t", "", manyKinds, "d", "s",
                1, T0, List.of(), T0, "v")));
        hostile.put("related count of 'guides' is 1000000001", EventJson.toBytes(new PaperEnriched(2, "p1", "t", "",
                Map.of("guides", 1_000_000_001L), "d", "s", 1, T0, List.of(), T0, "v")));
        hostile.put("related kind holds the control character U+001B", EventJson.toBytes(new PaperEnriched(2, "p1",
                "t", "", Map.of("esc\u001b", 1L), "d", "s", 1, T0, List.of(), T0, "v")));
        hostile.put("921601 bytes", recordOfBytes(921_601));
        List<ThemeTag> manyThemes = new java.util.ArrayList<>();
        for (int i = 0; i < 257; i++) {
            manyThemes.add(tag("theme-" + i, 0.5));
        }
        hostile.put("more than 256 themes", EventJson.toBytes(paper("p1", "t", manyThemes)));
        hostile.put("theme slug is longer than 100", EventJson.toBytes(paper("p1", "t", List.of(tag("s".repeat(101),
                0.5)))));
        hostile.put("theme slug holds the control character U+000A", EventJson.toBytes(paper("p1", "t",
                List.of(new ThemeTag("a\nb", "A", 0.5, List.of())))));
        hostile.put("label of a theme is longer than 200", EventJson.toBytes(paper("p1", "t",
                List.of(new ThemeTag("a", "l".repeat(201), 0.5, List.of())))));
        hostile.put("more than 100 matched terms", EventJson.toBytes(paper("p1", "t", List.of(new ThemeTag("a", "A",
                0.5, java.util.Collections.nCopies(101, "term"))))));
        hostile.put("matched term is longer than 200", EventJson.toBytes(paper("p1", "t", List.of(new ThemeTag("a",
                "A", 0.5, List.of("m".repeat(201)))))));
        hostile.put("score 1.5, outside 0..1", EventJson.toBytes(paper("p1", "t", List.of(tag("a", 1.5)))));
        hostile.put("score -0.1, outside 0..1", EventJson.toBytes(paper("p1", "t", List.of(tag("a", -0.1)))));
        return hostile;
    }

    /** A good record padded (with spaces, which JSON ignores) to exactly {@code size} bytes. */
    static byte[] recordOfBytes(int size) {
        String json = new String(EventJson.toBytes(paper("p1", "t", List.of())), StandardCharsets.UTF_8);
        return (json.substring(0, json.length() - 1) + " ".repeat(size - json.length()) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordBeyondAnyLimitIsRejectedWithThatLimitAsItsReason() {
        hostileRecords().forEach((reason, value) -> assertThat(EnrichedPaperDecoder.decode(value, LIMITS)).as(reason)
                .isInstanceOfSatisfying(EnrichedRecord.Rejected.class, rejected -> {
                    assertThat(rejected.reason()).as(reason).contains(reason);
                    assertThat(rejected.bytes()).as(reason).isSameAs(value);
                }));
    }

    @Test
    void aRecordAtEveryLimitIsAccepted() {
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            kinds.put("kind-" + i, 1_000_000_000L);
        }
        List<ThemeTag> themes = new java.util.ArrayList<>();
        for (int i = 0; i < 256; i++) {
            themes.add(new ThemeTag(("theme-" + i + "-").repeat(20).substring(0, 100), "l".repeat(200), i % 2,
                    java.util.Collections.nCopies(100, "m".repeat(200)).subList(0, i == 0 ? 100 : 1)));
        }
        accepted(EventJson.toBytes(new PaperEnriched(2, "p1", "t\t".repeat(333) + "t", "s".repeat(20_000), kinds, "d",
                "s".repeat(100), 1, T0, themes, T0, "v")));
        accepted(recordOfBytes(921_600));
    }

    @Test
    void theDeserializerNeverThrows() {
        EnrichedRecordDeserializer deserializer = new EnrichedRecordDeserializer(LIMITS);
        assertThat(deserializer.deserialize(TopicNames.ENRICHED, json("{\"id\":[[[[")))
                .isInstanceOf(EnrichedRecord.Rejected.class);
        assertThat(deserializer.deserialize(TopicNames.ENRICHED, json("[".repeat(100_000))))
                .isInstanceOf(EnrichedRecord.Rejected.class);
        assertThat(deserializer.deserialize(TopicNames.ENRICHED, null)).isSameAs(EnrichedRecord.Tombstone.INSTANCE);
        assertThat(deserializer.deserialize(TopicNames.ENRICHED, SCHEMA_1.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnrichedRecord.Accepted.class);
    }

    private static EnrichedRecord.Accepted accepted(byte[] bytes) {
        EnrichedRecord decoded = EnrichedPaperDecoder.decode(bytes, LIMITS);
        assertThat(decoded).isInstanceOf(EnrichedRecord.Accepted.class);
        return (EnrichedRecord.Accepted) decoded;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ThemeTag tag(String slug, double score) {
        return new ThemeTag(slug, slug, score, List.of(slug));
    }

    private static PaperEnriched paper(String id, String title, List<ThemeTag> themes) {
        return new PaperEnriched(2, id, title, "summary", Map.of("guides", 2L), "d", "s", 3, T0, themes,
                T0.plusSeconds(1), "v");
    }
}
