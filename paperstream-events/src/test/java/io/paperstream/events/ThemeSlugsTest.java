package io.paperstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ThemeSlugsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void readsTheSlugsOfAnEnrichedPaperInOrder() {
        // matched terms and labels that look like slugs or nested "themes" must not be taken for them
        PaperEnriched paper = new PaperEnriched(PaperEnriched.SCHEMA_VERSION, "id-1", "A title", "A summary",
                Map.of("themes", 2L), "digest", "arxiv", 3, AT,
                List.of(new ThemeTag("llm-agents", "slug", 3.5, List.of("slug", "agent")),
                        new ThemeTag("tool-use", "Tool use", 2.0, List.of())),
                AT, "2026.11.3");
        assertThat(ThemeSlugs.of(EventJson.toBytes(paper))).containsExactly("llm-agents", "tool-use");
    }

    @Test
    void aPaperWithoutThemesHasNoSlugs() {
        assertThat(ThemeSlugs.of(bytes("{\"id\":\"x\",\"themes\":[]}"))).isEmpty();
        assertThat(ThemeSlugs.of(bytes("{\"id\":\"x\"}"))).isEmpty();
    }

    @Test
    void whatIsNotAPaperIsRefused() {
        for (String bad : List.of("{not json", "[1,2]", "{\"themes\":[{\"label\":\"no slug\"}]}",
                "{\"themes\":[\"llm-agents\"]}")) {
            assertThatThrownBy(() -> ThemeSlugs.of(bytes(bad))).as(bad).isInstanceOf(InvalidEventException.class);
        }
        assertThatThrownBy(() -> ThemeSlugs.of(new byte[0])).isInstanceOf(InvalidEventException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
