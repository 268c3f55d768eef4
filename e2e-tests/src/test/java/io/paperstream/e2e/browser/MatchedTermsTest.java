package io.paperstream.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatchedTermsTest {

    @Test
    void findsLiteralWholeWordOccurrencesIgnoringCase() {
        String text = "Reward models and a reward model; rewarded agents. REWARD MODEL";

        assertThat(MatchedTerms.literalOccurrences("reward model", text)).containsExactly(20, 51);
        assertThat(MatchedTerms.literalOccurrences("agent", text)).isEmpty();
        assertThat(MatchedTerms.literalOccurrences("merg*", "merging")).isEmpty();
    }

    @Test
    void aHighlightIsATermUpToCaseSpacingPluralsAndWildcards() {
        assertThat(MatchedTerms.isTerm("Multi agent", "multi-agent")).isTrue();
        assertThat(MatchedTerms.isTerm("multiagent", "multi-agent")).isTrue();
        assertThat(MatchedTerms.isTerm("policies", "policy")).isTrue();
        assertThat(MatchedTerms.isTerm("Reward Models", "reward model")).isTrue();
        assertThat(MatchedTerms.isTerm("merging", "merg*")).isTrue();
        assertThat(MatchedTerms.isTerm("LLM-based agents", "LLM * agent")).isTrue();

        assertThat(MatchedTerms.isTerm("reward", "reward model")).isFalse();
        assertThat(MatchedTerms.isTerm("rewarded", "reward")).isFalse();
        assertThat(MatchedTerms.isTerm("emerging", "merg*")).isFalse();
        assertThat(MatchedTerms.isTerm("LLM agents", "LLM * agent")).isFalse();
    }
}
