package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private final List<SseEventReader.Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseEventReader reader = new SseEventReader(events::add, comments::add);

    @Test
    void readsNamedEventsWithIdsAndComments() {
        lines(": subscribed to reasoning", "", "id: 41", "event: paper", "data: {\"id\":\"a\"}", "",
                ":keep-alive", "", "id:42", "event:paper", "data:{\"id\":\"b\"}", "");

        assertThat(comments).containsExactly("subscribed to reasoning", "keep-alive");
        assertThat(events).containsExactly(new SseEventReader.Event("paper", "41", "{\"id\":\"a\"}"),
                new SseEventReader.Event("paper", "42", "{\"id\":\"b\"}"));
    }

    @Test
    void keepsEventIdsAsOpaqueStrings() {
        lines("id: 0-15.1-12.2-9", "event: paper", "data: {\"id\":\"a\"}", "",
                "id: v2:0-15", "event: paper", "data: {\"id\":\"b\"}", "");

        assertThat(events).extracting(SseEventReader.Event::id).containsExactly("0-15.1-12.2-9", "v2:0-15");
    }

    @Test
    void joinsDataLinesAndDefaultsTheEventName() {
        lines("data: first", "data: second", "retry: 1000", "");

        assertThat(events).containsExactly(new SseEventReader.Event("message", null, "first\nsecond"));
    }

    @Test
    void anEventWithoutDataIsNoEventAndFieldsDoNotLeakIntoTheNext() {
        lines("event: paper", "id: 7", "", "data: x", "");

        assertThat(events).containsExactly(new SseEventReader.Event("message", null, "x"));
    }

    @Test
    void anEventIsOnlyDispatchedAtItsBlankLine() {
        lines("event: paper", "data: {}");

        assertThat(events).isEmpty();
        reader.line("");
        assertThat(events).hasSize(1);
    }

    private void lines(String... lines) {
        for (String line : lines) {
            reader.line(line);
        }
    }
}
