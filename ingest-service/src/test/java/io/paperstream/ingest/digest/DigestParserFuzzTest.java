package io.paperstream.ingest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperId;

/**
 * Property tests over thousands of seeded random inputs: whatever arrives, the parser answers with records and
 * rejections that respect its invariants, or with {@link UnreadableDigestException}; it never throws anything
 * else. Seeds are fixed, so a failure is reproducible from the seed printed in its message.
 */
class DigestParserFuzzTest {

    private static final int CASES = 3000;
    private static final DigestLimits LIMITS = Digests.limits(200, 2000, 1_000_000, 300, 100);
    private static final String[] TERMINATORS = { "\n", "\r\n", "\r" };

    private final DigestParser parser = new DigestParser(LIMITS);

    @Test
    void randomBytesNeverBreakTheParser() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            byte[] body = new byte[random.nextInt(2000)];
            random.nextBytes(body);
            if (random.nextBoolean()) {
                // mostly-text bytes reach deeper into the parser than uniform noise
                for (int i = 0; i < body.length; i++) {
                    body[i] = random.nextInt(10) == 0 ? body[i] : (byte) (' ' + random.nextInt(95));
                    if (random.nextInt(40) == 0) {
                        body[i] = '\n';
                    }
                }
            }
            checkInvariants(seed, body);
        }
    }

    @Test
    void randomLineStructuresNeverBreakTheParser() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
            int lines = random.nextInt(60);
            for (int i = 0; i < lines; i++) {
                text.append(randomLine(random)).append(TERMINATORS[random.nextInt(TERMINATORS.length)]);
            }
            checkInvariants(seed, text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Valid records, however they are spaced and terminated, are all accepted and in order. */
    @Test
    void validRecordsAreAlwaysAllAccepted() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
            List<String> titles = new ArrayList<>();
            int records = 1 + random.nextInt(20);
            for (int r = 0; r < records; r++) {
                String terminator = TERMINATORS[random.nextInt(TERMINATORS.length)];
                String title = "Paper " + seed + "-" + r + " " + randomWords(random, 1 + random.nextInt(8));
                titles.add(title);
                text.append(random.nextBoolean() ? "  " : "").append(title).append(spaces(random)).append(terminator);
                text.append(randomWords(random, 1 + random.nextInt(80))).append(spaces(random)).append(terminator);
                int related = random.nextInt(4);
                for (int k = 0; k < related; k++) {
                    text.append(random.nextInt(3) == 0 ? terminator : "");
                    text.append("Related kind").append(k).append(" (").append(random.nextInt(1_000_000)).append(')')
                            .append(terminator);
                }
                text.append(terminator.repeat(random.nextInt(3)));
            }

            ParsedDigest digest = parser.parse(text.toString().getBytes(StandardCharsets.UTF_8));

            assertThat(digest.rejected()).as("seed %d", seed).isEmpty();
            assertThat(digest.records()).extracting(DigestRecord::title).as("seed %d", seed)
                    .containsExactlyElementsOf(titles);
        }
    }

    @Test
    void hugeLinesAreRejectedNotFatal() {
        String huge = "x".repeat(3_000_000);
        ParsedDigest digest = parser.parse((huge + "\nsummary\nTitle\n" + huge + "\nRelated a (" + "9".repeat(100_000)
                + ")\nOk\nfine\n").getBytes(StandardCharsets.UTF_8));

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("Ok");
        assertThat(digest.rejected()).extracting(RejectedBlock::line, RejectedBlock::code).containsExactly(
                tuple(1, RejectionCode.LINE_TOO_LONG),
                tuple(4, RejectionCode.LINE_TOO_LONG));
        assertThat(digest.rejected()).allSatisfy(block -> {
            assertThat(block.truncated()).isTrue();
            assertThat(block.text()).hasSizeLessThanOrEqualTo(LIMITS.maxRejectedTextLength());
        });
    }

    private void checkInvariants(int seed, byte[] body) {
        ParsedDigest digest;
        try {
            digest = parser.parse(body);
        } catch (UnreadableDigestException e) {
            assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
            assertThat(e.kind()).as("seed %d", seed).isNotNull();
            return;
        } catch (RuntimeException e) {
            fail("seed " + seed + ": the parser threw " + e, e);
            return;
        }
        int lineCount = lineCount(body);
        assertThat(digest.records().size() + digest.rejected().size()).as("seed %d", seed).isPositive();
        Set<String> ids = new HashSet<>();
        for (DigestRecord record : digest.records()) {
            assertThat(record.title()).as("seed %d", seed).isNotBlank().isEqualTo(record.title().strip());
            assertThat(record.summary()).as("seed %d", seed).isNotBlank();
            assertThat(record.title().codePointCount(0, record.title().length())).isLessThanOrEqualTo(LIMITS.paper().maxTitleLength());
            assertThat(record.summary().codePointCount(0, record.summary().length()))
                    .isLessThanOrEqualTo(LIMITS.paper().maxSummaryLength());
            assertThat(record.title().chars().noneMatch(c -> c < 0x20 && c != '\t')).as("seed %d", seed).isTrue();
            assertThat(record.line()).as("seed %d", seed).isBetween(1, lineCount);
            assertThat(record.id()).isEqualTo(PaperId.fromTitle(record.title()));
            assertThat(ids.add(record.id())).as("seed %d: unique ids", seed).isTrue();
            assertThat(record.related().values()).allSatisfy(count ->
                    assertThat(count).isBetween(0L, LIMITS.paper().maxRelatedCount()));
        }
        for (RejectedBlock block : digest.rejected()) {
            assertThat(block.line()).as("seed %d", seed).isBetween(1, lineCount);
            assertThat(block.reason()).as("seed %d", seed).isNotBlank();
            assertThat(block.code()).isNotNull();
            assertThat(block.text()).as("seed %d", seed).isNotEmpty()
                    .hasSizeLessThanOrEqualTo(LIMITS.maxRejectedTextLength());
        }
        // parsing is a function of the input
        assertThat(parser.parse(body)).as("seed %d", seed).isEqualTo(digest);
    }

    /** Lines as the parser counts them: CRLF, CR and LF each end one. */
    private static int lineCount(byte[] body) {
        int lines = 1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n' || body[i] == '\r' && (i + 1 == body.length || body[i + 1] != '\n')) {
                lines++;
            }
        }
        return lines;
    }

    private static final List<Function<Random, String>> LINE_KINDS = List.of(
            r -> "",
            r -> "   \t ",
            r -> "Title " + randomWords(r, 1 + r.nextInt(10)),
            r -> randomWords(r, 1 + r.nextInt(100)),
            r -> "Related " + randomWords(r, 1 + r.nextInt(2)).toLowerCase() + " (" + r.nextInt(100) + ")",
            r -> "Related guides (" + randomNumber(r) + ")",
            r -> "Related " + randomUnicode(r, r.nextInt(10)) + " (" + r.nextInt(5) + ")",
            r -> "Related (" + r.nextInt(5) + ")",
            r -> "Related guides " + r.nextInt(5),
            r -> randomUnicode(r, 1 + r.nextInt(200)),
            r -> randomWords(r, 3) + (char) r.nextInt(0x20) + randomWords(r, 2),
            r -> randomWords(r, 2) + (char) (0x7F + r.nextInt(0x21)),
            r -> "x".repeat(150 + r.nextInt(3000)),
            r -> "\uFEFF" + randomWords(r, 3),
            r -> "!!! ??? ...",
            r -> "Duplicate title");

    private static String randomLine(Random random) {
        return LINE_KINDS.get(random.nextInt(LINE_KINDS.size())).apply(random);
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "-" + random.nextInt(1000);
            case 1 -> "9".repeat(19 + random.nextInt(30));
            case 2 -> String.valueOf(Long.MAX_VALUE);
            case 3 -> String.valueOf(random.nextLong());
            case 4 -> randomWords(random, 1);
            default -> String.valueOf(random.nextInt(2_000_000));
        };
    }

    private static String randomWords(Random random, int count) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                words.append(' ');
            }
            int length = 1 + random.nextInt(10);
            for (int c = 0; c < length; c++) {
                words.append((char) ('a' + random.nextInt(26)));
            }
        }
        return words.toString();
    }

    /** Any code point outside the surrogate range: CJK, emoji, combining marks, RTL, controls, private use. */
    private static String randomUnicode(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int cp;
            do {
                cp = random.nextInt(4) == 0 ? random.nextInt(0x110000) : random.nextInt(0x3000);
            } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE || cp == 0);
            text.appendCodePoint(cp);
        }
        return text.toString();
    }

    private static String spaces(Random random) {
        return " ".repeat(random.nextInt(3));
    }
}
