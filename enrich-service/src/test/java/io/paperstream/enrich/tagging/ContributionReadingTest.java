package io.paperstream.enrich.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * How the tagger weighs a sentence by its role (the paper's own contribution, its motivation, its details) and
 * scales a long text's evidence, with a small taxonomy whose numbers make each rule visible: a term of weight 1
 * against a threshold of 1, so a term counts as evidence only where its sentence counts fully.
 */
class ContributionReadingTest {

    private static final ThemeTagger READER = new ThemeTagger(TaxonomyLoader.parse("""
            version: "test"
            scoring:
              titleWeight: 2.0
              repeatBonus: 0.0
              maxRepeats: 1
              defaultThreshold: 1.0
              reading:
                backgroundWeight: 0.4
                detailWeight: 0.7
                referenceWords: 20
                lengthExponent: 0.5
                contributionCues: ["we propos*", "this paper"]
            themes:
              - slug: rl
                label: RL
                description: reinforcement learning
                terms: {reinforcement learning: 1, policy gradient: 1}
              - slug: compilers
                label: Compilers
                description: compilers
                terms: {compiler: 1}
            """.getBytes(StandardCharsets.UTF_8), "test"));

    @Test
    void aTermInTheContributionSentenceCountsFully() {
        assertThat(slugs("", "Reinforcement learning is everywhere. We propose reinforcement learning for a compiler."))
                .containsExactlyInAnyOrder("rl", "compilers");
    }

    @Test
    void aTermInABackgroundSentenceBeforeTheContributionIsAPassingMention() {
        List<ThemeMatch> matches = READER.tag("", "Reinforcement learning is everywhere. We propose a compiler.");

        assertThat(matches).extracting(ThemeMatch::slug).containsExactly("compilers");
    }

    @Test
    void aTermOnlyInALaterDetailSentenceIsAPassingMention() {
        assertThat(slugs("", "This paper presents a compiler. Its scheduler is tuned by reinforcement learning."))
                .containsExactly("compilers");
    }

    @Test
    void withoutACueTheFirstSentenceIsTheContribution() {
        assertThat(slugs("", "A compiler for tensors. It was tuned with reinforcement learning."))
                .containsExactly("compilers");
        assertThat(slugs("", "Reinforcement learning for tensor compilers. Results improve."))
                .containsExactlyInAnyOrder("rl", "compilers");
    }

    @Test
    void aTitleTermCountsWhateverTheSummarySays() {
        assertThat(slugs("Reinforcement Learning for Compilers", "Background words only. We propose nothing new."))
                .containsExactlyInAnyOrder("rl", "compilers");
    }

    @Test
    void decimalsAndAbbreviationsDoNotEndASentence() {
        // "3.5" and "e.g.x" keep one sentence, so the cue sentence is the first one and the term counts fully
        assertThat(slugs("", "Version 3.5 of the system, e.g.x, we propose reinforcement learning."))
                .containsExactly("rl");
    }

    @Test
    void theSameContributionGetsTheSameThemesAsAShortSummaryOrALongAbstract() {
        String title = "Tuning a Tensor Compiler";
        String summary = "We propose a compiler whose schedules are searched by reinforcement learning.";
        String abstractText = "Deep learning workloads need fast kernels. Writing them by hand is slow and hard. "
                + summary + " The search space covers tiling, fusion and vectorization. Schedules are measured "
                + "on two machines. Results show large gains over hand-written kernels and over autotuners. "
                + "The code is released with the paper.";

        assertThat(slugs(title, abstractText)).isEqualTo(slugs(title, summary))
                .containsExactlyInAnyOrder("rl", "compilers");
    }

    @Test
    void passingMentionsAddUpInAShortTextButFadeInALongOne() {
        String details = "We propose a compiler. Its cost model mixes policy gradient and reinforcement learning.";
        String padding = " The compiler targets many kinds of hardware, from small boards to large servers in racks."
                + " It was written over several years by a small team and is used in production by two companies."
                + " Its documentation covers installation, configuration and the most common questions of users.";

        assertThat(slugs("", details)).containsExactlyInAnyOrder("compilers", "rl");
        assertThat(slugs("", details + padding)).containsExactly("compilers");
    }

    @Test
    void theLengthFactorScalesEvidenceOnlyPastTheReferenceLength() {
        Taxonomy.Reading reading = new Taxonomy.Reading(List.of(), 0.4, 0.7, 60, 0.5);

        assertThat(ThemeTagger.lengthFactor(40, reading)).isEqualTo(1.0);
        assertThat(ThemeTagger.lengthFactor(60, reading)).isEqualTo(1.0);
        assertThat(ThemeTagger.lengthFactor(240, reading)).isCloseTo(0.5, within(1e-9));
        assertThat(ThemeTagger.lengthFactor(240, Taxonomy.Reading.FLAT)).isEqualTo(1.0);
    }

    @Test
    void aTaxonomyWithoutReadingCountsEverySentenceAlike() {
        ThemeTagger flat = new ThemeTagger(TaxonomyLoader.parse("""
                version: "test"
                scoring: {titleWeight: 2.0, repeatBonus: 0.0, maxRepeats: 1, defaultThreshold: 1.0}
                themes:
                  - slug: rl
                    label: RL
                    description: reinforcement learning
                    terms: {reinforcement learning: 1}
                """.getBytes(StandardCharsets.UTF_8), "test"));

        assertThat(flat.tag("", "Reinforcement learning is everywhere. We propose a compiler."))
                .extracting(ThemeMatch::slug).containsExactly("rl");
    }

    @Test
    void theScoreAndMatchedTermsExplainTheTag() {
        ThemeMatch match = READER.tag("", "We propose reinforcement learning for schedules.").get(0);

        assertThat(match.slug()).isEqualTo("rl");
        assertThat(match.matched()).containsExactly("reinforcement learning");
        assertThat(match.score()).isEqualTo(0.5); // raw 1 at threshold 1: 1 - 2^-1
    }

    private static List<String> slugs(String title, String summary) {
        return READER.tag(title, summary).stream().map(ThemeMatch::slug).sorted().toList();
    }
}
