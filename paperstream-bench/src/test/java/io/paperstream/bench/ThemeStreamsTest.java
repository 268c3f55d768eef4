package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThemeStreamsTest {

    @Test
    void recordsFirstArrivalsWhateverTheEventIdsLookLike() {
        try (ThemeStreams streams = new ThemeStreams()) {
            streams.received(new SseEventReader.Event("paper", "0-15.1-12.2-9", "{\"id\":\"p1\"}"), 100);
            streams.received(new SseEventReader.Event("paper", "41", "{\"id\":\"p2\"}"), 200);
            streams.received(new SseEventReader.Event("paper", null, "{\"id\":\"p1\"}"), 300);
            streams.received(new SseEventReader.Event("count", "0-16.1-12.2-9", "{\"id\":\"p3\"}"), 400);

            assertThat(streams.arrival("p1")).isEqualTo(100L); // the first of its two arrivals
            assertThat(streams.arrival("p2")).isEqualTo(200L);
            assertThat(streams.arrival("p3")).isNull(); // not a paper event
            assertThat(streams.events()).isEqualTo(3);
        }
    }
}
