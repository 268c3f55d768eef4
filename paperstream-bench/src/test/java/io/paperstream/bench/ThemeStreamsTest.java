package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.paperstream.client.SseSubscriber;

class ThemeStreamsTest {

    @Test
    void recordsFirstArrivalsWhateverTheEventIdsLookLike() {
        try (ThemeStreams streams = new ThemeStreams()) {
            streams.received(new SseSubscriber.Event("paper", "0-15.1-12.2-9", "{\"id\":\"p1\"}", 0), 100);
            streams.received(new SseSubscriber.Event("paper", "41", "{\"id\":\"p2\"}", 0), 200);
            streams.received(new SseSubscriber.Event("paper", null, "{\"id\":\"p1\"}", 0), 300);
            streams.received(new SseSubscriber.Event("count", "0-16.1-12.2-9", "{\"id\":\"p3\"}", 0), 400);

            assertThat(streams.arrival("p1")).isEqualTo(100L); // the first of its two arrivals
            assertThat(streams.arrival("p2")).isEqualTo(200L);
            assertThat(streams.arrival("p3")).isNull(); // not a paper event
            assertThat(streams.events()).isEqualTo(3);
        }
    }
}
