package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.ThemeTag;

class EnrichedJsonWriterTest {

    /** The event JSON as Jackson's databind alone writes it (jsr310 instants): the reference. */
    private static final ObjectMapper JACKSON = EventJson.configure(new ObjectMapper());
    private static final long SEED = 20261201L;
    private static final int RANDOM_PAPERS = 2_000;

    @Test
    void writesEveryComponentOfTheEventsInTheirOrder() {
        // a component added to PaperEnriched or ThemeTag must be added to the writer: this fails until it is
        assertThat(Arrays.stream(PaperEnriched.class.getRecordComponents()).map(c -> c.getName()).toList())
                .isEqualTo(EnrichedJsonWriter.PAPER_FIELDS);
        assertThat(Arrays.stream(ThemeTag.class.getRecordComponents()).map(c -> c.getName()).toList())
                .isEqualTo(EnrichedJsonWriter.THEME_FIELDS);
    }

    @Test
    void writesTheBytesJacksonWrites() throws Exception {
        for (PaperEnriched paper : papers()) {
            byte[] written = EnrichedJsonWriter.toBytes(paper);
            assertThat(new String(written, StandardCharsets.UTF_8))
                    .isEqualTo(new String(JACKSON.writeValueAsBytes(paper), StandardCharsets.UTF_8));
            assertThat(written).isEqualTo(EventJson.toBytes(paper));
            assertThat(EventJson.fromBytes(written, PaperEnriched.class)).isEqualTo(paper);
        }
    }

    @Test
    void nullsAreWrittenAsNullsLikeJackson() throws Exception {
        Map<String, Long> related = new HashMap<>();
        related.put("guides", null);
        PaperEnriched paper = new PaperEnriched(2, null, null, null, related, null, null, 0, null,
                List.of(new ThemeTag("s", null, 0, null)), null, null);
        assertThat(new String(EnrichedJsonWriter.toBytes(paper), StandardCharsets.UTF_8))
                .isEqualTo(JACKSON.writeValueAsString(paper));
    }

    /** Real-looking papers and odd ones: escapes, controls, non-ASCII, many themes, every precision of instants. */
    private static List<PaperEnriched> papers() {
        List<String> texts = List.of("Policy gradients for robots", "Quotes \" and \\ backslashes / slashes",
                "Controls \t\n\r\u0001\u001f and DEL \u007f and C1 \u0085", "Ünïcödé — ﬁ ligature, 中文, emoji 😀",
                "Line\u2028separator\u2029paragraph", "");
        List<Double> scores = List.of(0.0, 1.0, 0.82, 0.1 + 0.2, 1.0E-5, 0.123456789012345, 5.0E-324);
        Random random = new Random(SEED);
        List<PaperEnriched> papers = new ArrayList<>();
        for (int i = 0; i < RANDOM_PAPERS; i++) {
            String title = texts.get(random.nextInt(texts.size())) + " " + i;
            String summary = texts.stream().filter(t -> random.nextBoolean()).collect(Collectors.joining(" "));
            Map<String, Long> related = new LinkedHashMap<>();
            for (int r = random.nextInt(3); r > 0; r--) {
                related.put(r == 1 ? "guides" : "posts \"quoted\"", random.nextLong() & Long.MAX_VALUE);
            }
            List<ThemeTag> themes = new ArrayList<>();
            for (int t = random.nextInt(4); t > 0; t--) {
                themes.add(new ThemeTag("theme-" + t, "Théme " + t, scores.get(random.nextInt(scores.size())),
                        random.nextBoolean() ? List.of() : List.of("term " + t, texts.get(random.nextInt(3)))));
            }
            Instant ingested = Instant.ofEpochSecond(1_796_080_365L + random.nextInt(1_000_000),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000) * 1000);
            papers.add(new PaperEnriched(PaperEnriched.SCHEMA_VERSION, PaperId.fromTitle(title), title, summary,
                    related, "digest-" + i, random.nextBoolean() ? "arxiv" : "api", i + 1, ingested, themes,
                    ingested.plusNanos(random.nextInt(1_000_000_000)), "2026.11.6"));
        }
        papers.add(new PaperEnriched(1, "x", "t", "s", Map.of(), "d", "api", 1, Instant.MIN, List.of(), Instant.MAX,
                "v"));
        return papers;
    }
}
