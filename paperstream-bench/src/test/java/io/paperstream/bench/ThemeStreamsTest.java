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

    @Test
    void keepsThePapersOwnTimestampsWithItsFirstArrival() {
        // wall clock = nanoTime + 1,700,000,000,000 ms: the arrival at nanoTime 250 ms is 1,700,000,000,250
        try (ThemeStreams streams = new ThemeStreams(1_700_000_000_000L * 1_000_000)) {
            String data = "{\"id\":\"p1\",\"ingestedAt\":\"2023-11-14T22:13:20.100Z\","
                    + "\"enrichedAt\":\"2023-11-14T22:13:20.180Z\"}";
            streams.received(new SseSubscriber.Event("paper", "1", data, 0), 250_000_000L);
            streams.received(new SseSubscriber.Event("paper", "2", data, 0), 900_000_000L); // a later copy
            streams.received(new SseSubscriber.Event("paper", "3", "{\"id\":\"p2\"}", 0), 300_000_000L);

            ThemeStreams.Stages stages = streams.stages("p1");
            // 2023-11-14T22:13:20Z is 1,700,000,000 s after the epoch
            assertThat(stages.ingestedAt()).isEqualTo(1_700_000_000_100L);
            assertThat(stages.untilTagged()).isEqualTo(80);
            assertThat(stages.taggedToStream()).isEqualTo(70); // 250 - 180, from the first arrival
            assertThat(streams.stages("p2")).isNull(); // an event without timestamps
            assertThat(streams.arrival("p2")).isEqualTo(300_000_000L);
        }
    }
}
