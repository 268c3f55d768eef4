package io.paperstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseReaderTest {

    private final List<SseReader.Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseReader reader = new SseReader(null, events::add, comments::add);

    @Test
    void readsNamedEventsWithIdsAndComments() {
        lines(": subscribed to reasoning", "", "id: 41", "event: paper", "data: {\"id\":\"a\"}", "",
                ":keep-alive", "", "id:42", "event:paper", "data:{\"id\":\"b\"}", "");

        assertThat(comments).containsExactly("subscribed to reasoning", "keep-alive");
        assertThat(events).containsExactly(new SseReader.Event("paper", "41", "{\"id\":\"a\"}", true),
                new SseReader.Event("paper", "42", "{\"id\":\"b\"}", true));
    }

    @Test
    void keepsEventIdsAsOpaqueStrings() {
        lines("id: 0-15.1-12.2-9", "event: paper", "data: {\"id\":\"a\"}", "",
                "id: v2:0-15", "event: paper", "data: {\"id\":\"b\"}", "");

        assertThat(events).extracting(SseReader.Event::id).containsExactly("0-15.1-12.2-9", "v2:0-15");
    }

    @Test
    void joinsDataLinesDefaultsTheTypeAndReadsRetry() {
        lines("data: first", "data", "data:  second", "retry: 1000", "");

        assertThat(events).containsExactly(new SseReader.Event("message", null, "first\n\n second", false));
        assertThat(reader.retryMillis()).isEqualTo(1000);
    }

    @Test
    void anEventWithoutDataIsNoEventButItsIdIsTheLastEventIdFromThenOn() {
        lines("event: paper", "id: 7", "", "data: x", "");

        assertThat(events).containsExactly(new SseReader.Event("message", "7", "x", false));
        assertThat(reader.lastEventId()).isEqualTo("7");
    }

    @Test
    void aResumedStreamStartsFromTheIdItResumedAfter() {
        SseReader resumed = new SseReader("0-9", events::add, comment -> { });
        resumed.line("data: y");
        resumed.line("");

        assertThat(events).containsExactly(new SseReader.Event("message", "0-9", "y", false));
    }

    @Test
    void anEventIsOnlyDispatchedAtItsBlankLine() {
        lines("event: paper", "data: {}");

        assertThat(events).isEmpty();
        reader.line("");
        assertThat(events).hasSize(1);
    }

    @Test
    void readsAWholeStreamWithAnyLineEnds() throws IOException {
        reader.readAll(new ByteArrayInputStream("id: 1\r\ndata: a\r\n\r\nid: 2\rdata: b\r\r:bye\n"
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(events).extracting(SseReader.Event::data).containsExactly("a", "b");
        assertThat(comments).containsExactly("bye");
    }

    private void lines(String... lines) {
        for (String line : lines) {
            reader.line(line);
        }
    }
}
