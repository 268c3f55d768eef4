package io.paperstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PaperLimitsTest {

    private static final PaperLimits LIMITS = new PaperLimits(10, 20, 5, 2, 100, 1000);

    @Test
    void aPaperWithinEveryLimitHasNoProblem() {
        assertThat(LIMITS.problemOf("Ten chars!", "a summary\twith a tab", Map.of("guides", 3L, "posts", 100L),
                "api")).isNull();
    }

    @Test
    void lengthsCountCodePointsNotUtf16Units() {
        String tenEmoji = "😀".repeat(10);
        assertThat(LIMITS.problemOf(tenEmoji, "s", Map.of(), "api")).isNull();
        assertThat(LIMITS.problemOf(tenEmoji + "x", "s", Map.of(), "api")).contains("title is longer than 10");
    }

    @Test
    void textsBetweenTheLimitAndTwiceItInCharsAreCountedInCodePoints() {
        // the summary limit is 20: 40 chars of 20 emoji fit, 21 chars of one emoji and 19 letters fit too
        assertThat(LIMITS.problemOf("t", "😀".repeat(20), Map.of(), "api")).isNull();
        assertThat(LIMITS.problemOf("t", "😀" + "s".repeat(19), Map.of(), "api")).isNull();
        assertThat(LIMITS.problemOf("t", "😀" + "s".repeat(20), Map.of(), "api")).contains("summary is longer than 20");
        assertThat(LIMITS.problemOf("t", "s".repeat(20), Map.of(), "api")).isNull();
    }

    @Test
    void eachFieldOverItsLengthIsNamed() {
        assertThat(LIMITS.problemOf("t", "s".repeat(21), Map.of(), "api")).contains("summary is longer than 20");
        assertThat(LIMITS.problemOf("t", "s", Map.of(), "source")).contains("source is longer than 5");
        assertThat(LIMITS.problemOf("t", "s", Map.of("k".repeat(11), 1L), "api"))
                .contains("related kind is longer than 10");
    }

    @Test
    void controlCharactersAreRejectedWithTheirPosition() {
        assertThat(LIMITS.problemOf("ab\u0000c", "s", Map.of(), "api")).contains("U+0000").contains("character 3");
        assertThat(LIMITS.problemOf("t", "a\u0085b", Map.of(), "api")).contains("summary").contains("U+0085");
        assertThat(LIMITS.problemOf("t", "s", Map.of("gu\u001Bides", 1L), "api")).contains("U+001B");
    }

    @Test
    void relatedKindsAndCountsAreBounded() {
        Map<String, Long> three = new LinkedHashMap<>();
        three.put("a", 1L);
        three.put("b", 1L);
        three.put("c", 1L);
        assertThat(LIMITS.problemOf("t", "s", three, "api")).contains("3 related kinds, more than the 2");
        assertThat(LIMITS.problemOf("t", "s", Map.of("a", -1L), "api")).contains("is -1, outside 0..100");
        assertThat(LIMITS.problemOf("t", "s", Map.of("a", 101L), "api")).contains("is 101");
        Map<String, Long> nullCount = new LinkedHashMap<>();
        nullCount.put("a", null);
        assertThat(LIMITS.problemOf("t", "s", nullCount, "api")).contains("is null");
        assertThat(LIMITS.problemOf("t", "s", Map.of(" ", 1L), "api")).contains("blank");
    }

    @Test
    void recordSizeIsCheckedAgainstTheRecordLimit() {
        assertThat(LIMITS.recordSizeProblem(1000)).isNull();
        assertThat(LIMITS.recordSizeProblem(1001)).contains("1001 bytes, larger than the 1000-byte record limit");
    }

    @Test
    void shippedLimitsAreTheOnesStatedInTheDefaultsFile() throws Exception {
        java.util.Properties file = new java.util.Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream(PaperLimits.DEFAULTS_RESOURCE)) {
            file.load(in);
        }
        PaperLimits shipped = PaperLimits.shipped();
        assertThat(shipped.maxTitleLength()).isEqualTo(Integer.parseInt(file.getProperty("paperstream.limits.max-title-length")));
        assertThat(shipped.maxSummaryLength()).isEqualTo(Integer.parseInt(file.getProperty("paperstream.limits.max-summary-length")));
        assertThat(shipped.maxRelatedLines()).isEqualTo(Integer.parseInt(file.getProperty("paperstream.limits.max-related-lines")));
        assertThat(shipped.maxRecordBytes()).isEqualTo(Integer.parseInt(file.getProperty("paperstream.limits.max-record-bytes")));
    }
}
