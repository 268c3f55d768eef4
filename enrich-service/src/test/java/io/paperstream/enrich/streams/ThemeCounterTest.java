package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperParsed;

/**
 * A restart of the counting task: Kafka Streams restores the store from its changelog, and a new processor instance
 * must pick the counts up from it. Here the "restored" store is the very store the first processor wrote.
 */
class ThemeCounterTest {

    private static final String STORE = TopologyProducer.PAPER_THEMES_STORE;

    private KeyValueStore<String, PaperThemes> store;

    @BeforeEach
    void createStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                new JsonSerde<>(PaperThemes.class)).withLoggingDisabled().build();
    }

    @Test
    void aRestartedCounterContinuesFromTheStore() {
        MockProcessorContext<String, PaperEnriched> before = context();
        ThemeCounter first = started(before);
        first.process(tagged("Paper one", "rl"));
        first.process(tagged("Paper two", "rl", "agents"));

        MockProcessorContext<String, PaperEnriched> after = context();
        ThemeCounter restarted = started(after);
        restarted.process(tagged("Paper two", "rl", "agents")); // re-delivered after the restart
        restarted.process(tagged("Paper three", "agents"));

        List<PaperEnriched> out = after.forwarded().stream().map(f -> (PaperEnriched) f.record().value()).toList();
        assertThat(out.get(0).themes()).extracting(t -> t.paperCount()).containsExactly(2L, 1L);
        assertThat(out.get(0).relatedPapers()).isEqualTo(1);
        assertThat(out.get(1).themes()).singleElement().satisfies(t -> assertThat(t.paperCount()).isEqualTo(2));
        assertThat(out.get(1).relatedPapers()).isEqualTo(1);
    }

    private MockProcessorContext<String, PaperEnriched> context() {
        MockProcessorContext<String, PaperEnriched> context = new MockProcessorContext<>();
        if (!store.isOpen()) {
            store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
        return context;
    }

    private static ThemeCounter started(MockProcessorContext<String, PaperEnriched> context) {
        ThemeCounter counter = new ThemeCounter(STORE, new EnrichMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        counter.init(context);
        return counter;
    }

    private static Record<String, TaggedPaper> tagged(String title, String... slugs) {
        PaperParsed paper = Papers.parsed(title, "summary");
        List<ThemeMatch> themes = Arrays.stream(slugs)
                .map(slug -> new ThemeMatch(slug, slug, 0.9, List.of(slug))).toList();
        return new Record<>(paper.id(), new TaggedPaper(paper, themes, "test"), 0L);
    }
}
