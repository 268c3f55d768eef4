package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.Taxonomy;
import io.paperstream.enrich.tagging.TaxonomyLoader;
import io.paperstream.enrich.tagging.Theme;
import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.enrich.testing.Papers;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;

/**
 * A taxonomy of 100 themes (more than the 64 bits of a long, the usual size of a theme bitset) loads, tags and
 * routes: a paper on themes at positions 5, 73 and 99 carries exactly those and reaches their topics.
 */
class HundredThemesTest {

    private static final int THEMES = 100;
    private static final StreamTopics TOPICS = new StreamTopics(TopicNames.PARSED, TopicNames.ENRICHED,
            TopicNames.DEAD_LETTER, TopicNames.THEME_PREFIX);
    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");

    @Test
    void aTaxonomyOfAHundredThemesLoadsWithEveryThemeAtItsPosition() {
        Taxonomy taxonomy = hundredThemes();

        assertThat(taxonomy.themes()).hasSize(THEMES);
        for (int i = 0; i < THEMES; i++) {
            assertThat(taxonomy.themes().get(i).slug()).isEqualTo(slug(i));
            assertThat(taxonomy.themes().get(i).position()).isEqualTo(i);
        }
    }

    @Test
    void themesPastTheSixtyFourthAreTaggedAndRoutedToTheirTopics() {
        Taxonomy taxonomy = hundredThemes();
        ThemeTagger tagger = new ThemeTagger(taxonomy);
        // the title names the terms of themes 5, 73 and 99, and of no other
        PaperParsed paper = Papers.parsed("Combining " + term(5) + " with " + term(73) + " and " + term(99),
                "A summary.");
        Set<String> expected = Set.of(slug(5), slug(73), slug(99));

        assertThat(tagger.tag(paper.title(), paper.summary())).extracting(ThemeMatch::slug)
                .containsExactlyInAnyOrderElementsOf(expected);

        byte[] enrichedJson = enrich(tagger, paper);
        assertThat(EventJson.fromBytes(enrichedJson, PaperEnriched.class).themes()).extracting(ThemeTag::slug)
                .containsExactlyInAnyOrderElementsOf(expected);

        Set<String> slugs = taxonomy.themes().stream().map(Theme::slug).collect(Collectors.toSet());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TopologyTestDriver router = new TopologyTestDriver(
                ThemeRouterTopology.build(TOPICS, slugs, EnrichTopologyTest.LIMITS, new EnrichMetrics(registry),
                        EnrichTopologyTest.PACING),
                config("hundred-themes-router"))) {
            router.createInputTopic(TOPICS.enriched(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                    .pipeInput(paper.id(), enrichedJson);

            assertThat(router.producedTopicNames()).containsExactlyInAnyOrderElementsOf(
                    expected.stream().map(TOPICS::themeTopic).toList());
            List<TestRecord<String, byte[]>> copies = router.createOutputTopic(TOPICS.themeTopic(slug(99)),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
            assertThat(copies).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(enrichedJson));
        }
    }

    private static byte[] enrich(ThemeTagger tagger, PaperParsed paper) {
        TopologyProducer producer = new TopologyProducer(TOPICS, tagger, new EnrichMetrics(new SimpleMeterRegistry()),
                Clock.fixed(NOW, ZoneOffset.UTC), EnrichTopologyTest.LIMITS, EnrichTopologyTest.PACING);
        try (TopologyTestDriver driver = new TopologyTestDriver(producer.topology(), config("hundred-themes"))) {
            TestInputTopic<String, byte[]> parsed = driver.createInputTopic(TOPICS.parsed(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            parsed.pipeInput(paper.id(), EventJson.toBytes(paper));
            return driver.createOutputTopic(TOPICS.enriched(), Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer()).readValue();
        }
    }

    private static Taxonomy hundredThemes() {
        StringBuilder yaml = new StringBuilder("""
                version: "hundred"
                scoring:
                  titleWeight: 2.0
                  repeatBonus: 0.25
                  maxRepeats: 3
                  defaultThreshold: 1.0
                themes:
                """);
        for (int i = 0; i < THEMES; i++) {
            yaml.append("  - slug: ").append(slug(i)).append('\n')
                    .append("    label: Theme ").append(i).append('\n')
                    .append("    description: The theme at position ").append(i).append('\n')
                    .append("    terms:\n")
                    .append("      ").append(term(i)).append(": 1.0\n");
        }
        return TaxonomyLoader.parse(yaml.toString().getBytes(StandardCharsets.UTF_8), "hundred themes");
    }

    private static String slug(int position) {
        return "theme-" + position;
    }

    /** One word per theme, found in no other theme's term. */
    private static String term(int position) {
        return "quasar" + position + "word";
    }

    private static Properties config(String applicationId) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return config;
    }
}
