package io.paperstream.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermPatternsTest {

    @Test
    void matchesWholeWordsIgnoringCaseWithPluralsAndHyphenVariants() {
        String text = "Multi agent, multiagent and multi-agent systems of LLM-based agents; policies; RLVR is not RL.";
        assertThat(TermPatterns.occurrences("multi-agent", text)).containsExactly(0, 13, 28);
        assertThat(TermPatterns.occurrences("LLM * agent", text)).containsExactly(text.indexOf("LLM-based"));
        assertThat(TermPatterns.occurrences("policy", text)).containsExactly(text.indexOf("policies"));
        assertThat(TermPatterns.occurrences("rl", text)).containsExactly(text.indexOf("RL."));
    }

    @Test
    void prefixTermsCoverInflectionsAndPhrasesStopAtPunctuation() {
        assertThat(TermPatterns.occurrences("merg*", "merging merged models; emerging")).containsExactly(0, 8);
        assertThat(TermPatterns.occurrences("reward model", "the reward, model and reward models"))
                .containsExactly(22);
        assertThat(TermPatterns.pattern("reward model").matcher("Reward Models").matches()).isTrue();
    }
}
