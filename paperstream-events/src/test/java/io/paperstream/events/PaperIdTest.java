package io.paperstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PaperIdTest {

    @Test
    void sameTitleWithOtherCaseSpacingAndPunctuationGetsTheSameId() {
        String id = PaperId.fromTitle("Peak-Then-Collapse: RLVR Tool-Use Failures");
        assertThat(PaperId.fromTitle("  peak then collapse  rlvr tool use failures. ")).isEqualTo(id);
        assertThat(PaperId.fromTitle("PEAK—THEN—COLLAPSE: RLVR TOOL-USE FAILURES")).isEqualTo(id);
    }

    @Test
    void differentTitlesGetDifferentIds() {
        assertThat(PaperId.fromTitle("Model merging")).isNotEqualTo(PaperId.fromTitle("Model merging 2"));
    }

    @Test
    void idIsShortLowerCaseHex() {
        assertThat(PaperId.fromTitle("Ünïcödé ﬁ ligature")).matches("[0-9a-f]{32}");
        // NFKC folds the ligature, so both spellings are one paper
        assertThat(PaperId.fromTitle("ﬁsh")).isEqualTo(PaperId.fromTitle("fish"));
    }

    @Test
    void idsAreTheFirstSixteenBytesOfTheSha256OfTheNormalizedTitle() {
        // expected values from `printf %s '<normalized title>' | sha256sum`, not from this code
        assertThat(PaperId.fromTitle("Peak-Then-Collapse: RLVR Tool-Use Failures"))
                .isEqualTo("91f3f793b4903fe6576ae28fa75c3692");
        assertThat(PaperId.fromTitle("GPT-4o: x^2 + y_3 -- Attention Is All You Need!"))
                .isEqualTo("b1b0fe7d7eec24c07aad2af3433ac370");
    }

    @Test
    void asciiTitlesNormalizeAsTheUnicodeRulesSay() {
        // the ASCII path must agree with NFKC, lower case and collapsing for every ASCII character
        StringBuilder everyAscii = new StringBuilder();
        for (char c = 0; c <= 0x7F; c++) {
            everyAscii.append(c).append('x').append(c);
        }
        for (String title : List.of(everyAscii.toString(), "", "  ", "--", "A", " Leading and trailing. ",
                "Tabs\tand\nnewlines", "MiXeD CaSe 123 and_underscores", "x^2+y^2=z^2", "a--b__c  d")) {
            assertThat(PaperId.normalize(title)).as(title).isEqualTo(unicodeNormalize(title));
        }
    }

    @Test
    void aTitleWithOneNonAsciiCharacterTakesTheUnicodeRules() {
        assertThat(PaperId.normalize("Caf\u00c9 \ufb01sh")).isEqualTo("caf\u00e9 fish");
        assertThat(PaperId.fromTitle("Caf\u00c9 \ufb01sh")).isEqualTo(PaperId.fromTitle("caf\u00e9 fish"));
    }

    @Test
    void threadsHashConcurrentlyWithoutMixingTheirDigests() throws Exception {
        List<String> titles = IntStream.range(0, 2_000).mapToObj(i -> "Paper number " + i).toList();
        List<String> alone = titles.stream().map(PaperId::fromTitle).toList();
        List<String> together = titles.parallelStream().map(PaperId::fromTitle).toList();
        assertThat(together).isEqualTo(alone);
    }

    /** The rule as stated, with the JDK's Unicode support only. */
    private static String unicodeNormalize(String title) {
        String folded = Normalizer.normalize(title, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return String.join(" ", Arrays.stream(folded.split("[^\\p{IsAlphabetic}\\p{IsDigit}]+"))
                .filter(word -> !word.isEmpty()).toList());
    }
}
