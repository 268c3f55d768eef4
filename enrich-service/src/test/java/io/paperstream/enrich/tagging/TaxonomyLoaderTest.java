package io.paperstream.enrich.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxonomyLoaderTest {

    /** The 24 default themes of the project (shared/themes.md), in that order. */
    private static final String[] DEFAULT_SLUGS = {"model-collapse", "reinforcement-learning", "reward-modeling",
            "llm-agents", "multi-agent-systems", "tool-use", "evaluation-benchmarks", "reasoning", "distillation",
            "model-merging", "multilingual", "causal-inference", "alignment-safety", "retrieval-augmentation",
            "knowledge-graphs", "synthetic-data", "efficiency", "multimodal", "interpretability",
            "uncertainty-calibration", "code-generation", "dialogue", "robotics-embodied", "computer-vision"};

    private static final String READING = """
            defaultThreshold: 2, reading: {backgroundWeight: 0.4, detailWeight: 0.7, referenceWords: 60,
              lengthExponent: 0.5, contributionCues: ["we propos*", "this paper"]}}""";

    private static final String MINIMAL = """
            version: "1.0"
            scoring: {titleWeight: 2, repeatBonus: 0.5, maxRepeats: 3, defaultThreshold: 2}
            themes:
              - slug: some-theme
                label: Some theme
                description: Something.
                terms: {something: 2}
            """;

    @Test
    void theDefaultTaxonomyCoversTheProjectThemesWithDescriptions() {
        Taxonomy taxonomy = TaxonomyLoader.loadDefault();

        assertThat(taxonomy.themes()).extracting(Theme::slug).containsExactly(DEFAULT_SLUGS);
        assertThat(taxonomy.themes()).allSatisfy(theme -> {
            assertThat(theme.label()).isNotBlank();
            assertThat(theme.description()).isNotBlank();
            assertThat(theme.terms()).isNotEmpty();
        });
        assertThat(taxonomy.themes()).extracting(Theme::position).containsExactly(
                java.util.stream.IntStream.range(0, DEFAULT_SLUGS.length).boxed().toArray(Integer[]::new));
        assertThat(taxonomy.themes().get(0).label()).isEqualTo("Model collapse");
    }

    @Test
    void theVersionIsTheDeclaredVersionPlusAHashOfTheContent() {
        Taxonomy original = TaxonomyLoader.parse(bytes(MINIMAL), "test");
        Taxonomy sameVersionOtherContent = TaxonomyLoader.parse(bytes(MINIMAL.replace("something: 2", "something: 3")),
                "test");

        assertThat(original.version()).matches("1\\.0\\+[0-9a-f]{8}");
        assertThat(sameVersionOtherContent.version()).startsWith("1.0+").isNotEqualTo(original.version());
        assertThat(TaxonomyLoader.parse(bytes(MINIMAL), "again").version()).isEqualTo(original.version());
    }

    @Test
    void aTaxonomyFileReplacesTheDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("taxonomy.yaml");
        Files.writeString(file, MINIMAL);

        Taxonomy taxonomy = TaxonomyLoader.load(file);

        assertThat(taxonomy.themes()).extracting(Theme::slug).containsExactly("some-theme");
        assertThat(taxonomy.themes().get(0).threshold()).isEqualTo(2.0);
    }

    @Test
    void invalidTaxonomiesAreRejectedWithAReason() {
        assertInvalid(MINIMAL.replace("some-theme", "Some Theme"), "lower-case words joined by hyphens");
        assertInvalid(MINIMAL.replace("{something: 2}", "{}"), "'terms' is missing or empty");
        assertInvalid(MINIMAL.replace("something: 2", "something: -1"), "must be a number above 0");
        assertInvalid(MINIMAL.replace("something: 2", "\"x*\": 1"), "lower-case prefix");
        assertInvalid(MINIMAL.replace("something: 2", "\"* thing\": 1"), "may not start or end with a lone *");
        assertInvalid(MINIMAL.replace("version: \"1.0\"\n", ""), "'version' is missing");
        assertInvalid(MINIMAL + """
                  - slug: some-theme
                    label: Again
                    description: Again.
                    terms: {again: 2}
                """, "declared twice");
        assertInvalid(MINIMAL.replace("label: Some theme", "label: Some theme\n    colour: red"), "colour");
        assertInvalid("themes: [", "not valid YAML");
    }

    @Test
    void aTaxonomyWithoutAReadingBlockReadsEverySentenceAlike() {
        Taxonomy taxonomy = TaxonomyLoader.parse(bytes(MINIMAL), "test.yaml");

        assertThat(taxonomy.scoring().reading()).isEqualTo(Taxonomy.Reading.FLAT);
    }

    @Test
    void theReadingBlockIsLoadedAndChecked() {
        Taxonomy taxonomy = TaxonomyLoader.parse(bytes(MINIMAL.replace("defaultThreshold: 2}", READING)), "test.yaml");

        assertThat(taxonomy.scoring().reading()).isEqualTo(
                new Taxonomy.Reading(List.of("we propos*", "this paper"), 0.4, 0.7, 60, 0.5));
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", READING.replace("backgroundWeight: 0.4",
                "backgroundWeight: 0")), "'scoring.reading.backgroundWeight' must be a number above 0 and at most 1");
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", READING.replace("detailWeight: 0.7",
                "detailWeight: 1.5")), "'scoring.reading.detailWeight' must be a number above 0 and at most 1");
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", READING.replace("lengthExponent: 0.5",
                "lengthExponent: 2")), "'scoring.reading.lengthExponent' must be between 0 and 1");
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", READING.replace("referenceWords: 60",
                "referenceWords: 0")), "'scoring.reading.referenceWords' must be 1 or more");
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", READING.replace("\"this paper\"", "\" \"")),
                "a contribution cue is blank");
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", READING.replace("\"this paper\"", "\"x*\"")),
                "lower-case prefix");
    }

    @Test
    void theSupportOnlyFactorIsOptionalAndChecked() {
        Taxonomy.Scoring without = TaxonomyLoader.parse(bytes(MINIMAL), "test.yaml").scoring();
        Taxonomy.Scoring with = TaxonomyLoader.parse(bytes(MINIMAL.replace("defaultThreshold: 2}",
                "defaultThreshold: 2, decisiveWeight: 1.5, supportOnlyFactor: 1.1}")), "test.yaml").scoring();

        assertThat(without.supportOnlyFactor()).as("absent: every theme needs just its threshold").isEqualTo(1.0);
        assertThat(with.decisiveWeight()).isEqualTo(1.5);
        assertThat(with.supportOnlyFactor()).isEqualTo(1.1);
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", "defaultThreshold: 2, supportOnlyFactor: 0.9}"),
                "'scoring.supportOnlyFactor' must be 1 or more");
        assertInvalid(MINIMAL.replace("defaultThreshold: 2}", "defaultThreshold: 2, decisiveWeight: 0}"),
                "'scoring.decisiveWeight' must be a number above 0");
    }

    @Test
    void contextCountsOnceIsOptional() {
        Taxonomy.Scoring without = TaxonomyLoader.parse(bytes(MINIMAL), "test.yaml").scoring();
        Taxonomy.Scoring with = TaxonomyLoader.parse(bytes(MINIMAL.replace("defaultThreshold: 2}",
                "defaultThreshold: 2, contextCountsOnce: true}")), "test.yaml").scoring();

        assertThat(without.contextCountsOnce()).as("absent: every context term adds, as before").isFalse();
        assertThat(with.contextCountsOnce()).isTrue();
        assertThat(TaxonomyLoader.loadDefault().scoring().contextCountsOnce()).isTrue();
    }

    @Test
    void theDefaultTaxonomyReadsContributionsFirst() {
        Taxonomy.Reading reading = TaxonomyLoader.loadDefault().scoring().reading();

        assertThat(reading.contributionCues()).contains("we propos*", "this paper");
        assertThat(reading.backgroundWeight()).isLessThan(reading.detailWeight());
        assertThat(reading.detailWeight()).isLessThan(1.0);
        assertThat(reading.lengthExponent()).isGreaterThan(0.0);
    }

    @Test
    void aMissingFileIsReportedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> TaxonomyLoader.load(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    }

    private static void assertInvalid(String yaml, String reason) {
        assertThatThrownBy(() -> TaxonomyLoader.parse(bytes(yaml), "test.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taxonomy test.yaml")
                .hasMessageContaining(reason);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
