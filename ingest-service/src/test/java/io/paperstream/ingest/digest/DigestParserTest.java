package io.paperstream.ingest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.paperstream.events.PaperId;

class DigestParserTest {

    private final DigestParser parser = new DigestParser(Digests.defaultLimits());

    private ParsedDigest parse(String text) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String seed() {
        return new String(Digests.seedBytes(), StandardCharsets.UTF_8);
    }

    // ---- the seed ------------------------------------------------------------------------------

    @Test
    void seedHasNineRecordsAndOnlyTheFirstHasRelatedLines() {
        ParsedDigest digest = parser.parse(Digests.seedBytes());

        assertThat(digest.rejected()).isEmpty();
        assertThat(digest.records()).hasSize(9);
        DigestRecord first = digest.records().get(0);
        assertThat(first.title()).isEqualTo("When Does Model Collapse Occur in Structured Interactive Learning?");
        assertThat(first.summary()).startsWith("This paper formalizes model collapse");
        assertThat(first.related()).containsExactly(Map.entry("guides", 3L), Map.entry("events", 8L));
        assertThat(first.line()).isEqualTo(1);
        assertThat(digest.records().subList(1, 9)).allSatisfy(record -> assertThat(record.related()).isEmpty());
    }

    @Test
    void recordsCarryTheirTitleLineAndTheIdOfTheirTitle() {
        String[] lines = seed().split("\n", -1);
        ParsedDigest digest = parser.parse(Digests.seedBytes());

        for (DigestRecord record : digest.records()) {
            assertThat(lines[record.line() - 1]).isEqualTo(record.title());
            assertThat(lines[record.line()]).isEqualTo(record.summary());
            assertThat(record.id()).isEqualTo(PaperId.fromTitle(record.title()));
        }
        assertThat(digest.records()).extracting(DigestRecord::line).containsExactly(1, 5, 7, 9, 11, 13, 15, 17, 19);
    }

    @Test
    void relatedKeepsDigestOrder() {
        ParsedDigest digest = parse("T\nS\nRelated zebras (1)\nRelated apes (2)\nRelated mice (3)\n");

        assertThat(digest.records().get(0).related().keySet()).containsExactly("zebras", "apes", "mice");
    }

    // ---- tolerated variants give the same records ------------------------------------------------

    @Test
    void crlfBomBlankLinesTrailingSpacesAndCrOnlyGiveTheSameRecords() {
        List<DigestRecord> expected = parse(seed()).records();
        String crlf = seed().replace("\n", "\r\n");
        String bom = "\uFEFF" + seed();
        String trailing = seed().replace("\n", "  \t\n");
        String crOnly = seed().replace("\n", "\r");
        String spaced = withBlankLinesBetweenRecords(seed());
        String mixed = "\uFEFF\r\n" + seed().replace("\n", " \r\n");

        for (String variant : List.of(crlf, bom, trailing, crOnly, spaced, mixed)) {
            List<DigestRecord> records = parse(variant).records();
            assertThat(parse(variant).rejected()).isEmpty();
            assertThat(records).extracting(DigestRecord::id, DigestRecord::title, DigestRecord::summary,
                    DigestRecord::related)
                    .containsExactlyElementsOf(expected.stream()
                            .map(r -> tuple(r.id(), r.title(), r.summary(), r.related()))
                            .toList());
        }
        assertThat(parse(crlf).records()).extracting(DigestRecord::line)
                .containsExactlyElementsOf(expected.stream().map(DigestRecord::line).toList());
    }

    /** The seed's records start on lines 1, 5, 7, 9...: three blank lines go before each but the first. */
    private static String withBlankLinesBetweenRecords(String seed) {
        String[] lines = seed.split("\n");
        StringBuilder spaced = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i >= 4 && i % 2 == 0) {
                spaced.append("\n\n\n");
            }
            spaced.append(lines[i]).append('\n');
        }
        return spaced.toString();
    }

    @Test
    void relatedLinesAfterBlankLinesStillBelongToTheirRecord() {
        ParsedDigest digest = parse("T\nS\n\nRelated guides (3)\n\n\nRelated events (8)\nU\nV\n");

        assertThat(digest.rejected()).isEmpty();
        assertThat(digest.records()).hasSize(2);
        assertThat(digest.records().get(0).related()).containsExactly(Map.entry("guides", 3L), Map.entry("events", 8L));
    }

    @Test
    void relatedKindsAreNormalizedToSingleSpacedLowerCase() {
        ParsedDigest digest = parse("T\nS\nRelated open   Source-Tools (4)\nRelated guides ( 5 )\n");

        assertThat(digest.records().get(0).related())
                .containsExactly(Map.entry("open source-tools", 4L), Map.entry("guides", 5L));
    }

    @Test
    void aCapitalizedRelatedWorkTitleIsATitle() {
        ParsedDigest digest = parse("Related Work (Extended Version)\nA survey.\n");

        assertThat(digest.rejected()).isEmpty();
        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("Related Work (Extended Version)");
    }

    @Test
    void anyUnicodeIsKept() {
        String text = "量子もつれの測定 🧪 — «Über» naïve ǅ\nملخص باللغة العربية with e\u0301 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n"
                + "Ⅳ ⑤ circled\nZero\u200Bwidth and non\u00A0breaking\n";
        ParsedDigest digest = parse(text);

        assertThat(digest.rejected()).isEmpty();
        assertThat(digest.records()).extracting(DigestRecord::title)
                .containsExactly("量子もつれの測定 🧪 — «Über» naïve ǅ", "Ⅳ ⑤ circled");
        assertThat(digest.records().get(0).summary()).isEqualTo("ملخص باللغة العربية with e\u0301 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
    }

    @Test
    void aReplacementCharacterThatWasSentIsNotAnEncodingError() {
        ParsedDigest digest = parse("Title with \uFFFD inside\nSummary\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("Title with \uFFFD inside");
    }

    // ---- malformed shapes: line and reason -----------------------------------------------------

    @Test
    void titleAtTheEndWithoutSummary() {
        ParsedDigest digest = parse("A\nsummary A\nB\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("A");
        assertRejected(digest, 3, RejectionCode.MISSING_SUMMARY, "line 3 has no summary", "digest ends");
        assertThat(digest.rejected().get(0).text()).isEqualTo("B");
    }

    @Test
    void relatedLineDirectlyAfterTitle() {
        ParsedDigest digest = parse("A\nRelated guides (3)\nB\nsummary B\n");

        assertRejected(digest, 1, RejectionCode.MISSING_SUMMARY, "line 1 has no summary", "line 2 is a Related line");
        assertThat(digest.rejected().get(0).text()).isEqualTo("A\nRelated guides (3)");
        assertThat(digest.records()).extracting(DigestRecord::title, DigestRecord::line)
                .containsExactly(tuple("B", 3));
    }

    @Test
    void blankLineDirectlyAfterTitle() {
        ParsedDigest digest = parse("A\n\nB\nsummary B\n");

        assertRejected(digest, 1, RejectionCode.MISSING_SUMMARY, "line 1 has no summary", "line 2 is blank");
        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("B");
    }

    @Test
    void relatedLineBeforeAnyTitle() {
        ParsedDigest digest = parse("\nRelated guides (3)\nRelated events (1)\nA\nsummary A\n");

        assertRejected(digest, 2, RejectionCode.RELATED_WITHOUT_RECORD, "line 2", "before any title");
        assertThat(digest.rejected().get(0).text()).isEqualTo("Related guides (3)\nRelated events (1)");
        assertThat(digest.records()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "3.5", "1,000", "0x10", "+3", "٣", "3 4" })
    void relatedCountThatIsNotAWholeNumber(String count) {
        ParsedDigest digest = parse("A\nsummary\nRelated guides (" + count + ")\n");

        assertRejected(digest, 3, RejectionCode.INVALID_RELATED_COUNT, "line 3", "is not a whole number");
        assertThat(digest.rejected().get(0).text()).isEqualTo("A\nsummary\nRelated guides (" + count + ")");
    }

    @Test
    void negativeRelatedCount() {
        assertRejected(parse("A\nsummary\nRelated guides (-3)\n"), 3, RejectionCode.INVALID_RELATED_COUNT,
                "line 3", "'-3' is negative");
    }

    @Test
    void relatedCountBeyondLong() {
        assertRejected(parse("A\nsummary\nRelated guides (99999999999999999999)\n"), 3,
                RejectionCode.INVALID_RELATED_COUNT, "line 3", "overflows");
    }

    @Test
    void relatedCountBeyondTheConfiguredMaximum() {
        DigestParser strict = new DigestParser(Digests.limits(1000, 20000, 100, 65536, 100));

        ParsedDigest digest = strict.parse("A\nsummary\nRelated guides (100)\nB\nsummary\nRelated guides (101)\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("A");
        assertRejected(digest, 6, RejectionCode.INVALID_RELATED_COUNT, "line 6", "above the maximum of 100");
    }

    @Test
    void moreRelatedLinesThanTheConfiguredMaximum() {
        DigestParser strict = new DigestParser(Digests.limits(1000, 20000, 100, 65536, 3));

        // A has exactly the maximum (3), B one more: B is rejected at its fourth Related line (line 11)
        ParsedDigest digest = strict.parse("A\nsummary\nRelated a (1)\nRelated b (1)\nRelated c (1)\n"
                + "B\nsummary\nRelated a (1)\nRelated b (1)\nRelated c (1)\nRelated d (1)\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("A");
        assertThat(digest.records().get(0).related()).hasSize(3);
        assertRejected(digest, 11, RejectionCode.TOO_MANY_RELATED, "line 11", "more than 3 Related lines");
    }

    @Test
    void relatedCountMissing() {
        assertRejected(parse("A\nsummary\nRelated guides ()\n"), 3, RejectionCode.INVALID_RELATED_COUNT,
                "line 3", "count is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Related guides 3", "Related guides (3", "Related (3)", "Related gu!des (3)",
            "Related guides (3) extra" })
    void malformedRelatedLine(String line) {
        ParsedDigest digest = parse("A\nsummary\n" + line + "\n");

        assertRejected(digest, 3, RejectionCode.MALFORMED_RELATED, "line 3", "Related <kind> (<count>)");
    }

    @Test
    void repeatedRelatedKind() {
        assertRejected(parse("A\nsummary\nRelated guides (3)\nRelated guides (4)\n"), 4,
                RejectionCode.DUPLICATE_RELATED_KIND, "line 4", "'guides' appears twice");
    }

    @Test
    void titleAndSummaryOverTheirLimits() {
        DigestParser strict = new DigestParser(Digests.limits(10, 20, 100, 65536, 100));

        ParsedDigest digest = strict.parse(("Short one\nshort summary\n"
                + "A title that is far too long\nsummary\n"
                + "Fine\n" + "s".repeat(21) + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("Short one");
        assertThat(digest.rejected()).extracting(RejectedBlock::line, RejectedBlock::code).containsExactly(
                tuple(3, RejectionCode.LINE_TOO_LONG),
                tuple(6, RejectionCode.LINE_TOO_LONG));
        assertThat(digest.rejected().get(0).reason()).contains("title has 28 characters", "limit of 10");
        assertThat(digest.rejected().get(1).reason()).contains("summary has 21 characters", "limit of 20");
    }

    @Test
    void lengthLimitsCountCharactersNotUtf16Units() {
        DigestParser strict = new DigestParser(Digests.limits(3, 20, 100, 65536, 100));

        ParsedDigest digest = strict.parse("𝔘𝔫𝔦\nsummary\n".getBytes(StandardCharsets.UTF_8));

        assertThat(digest.rejected()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0007", "\u001B", "\u007F", "\u0085", "\u000B", "\u0008" })
    void controlCharacterInTitle(String control) {
        ParsedDigest digest = parse("Good\nsummary\nBad" + control + "title\nsummary\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("Good");
        assertRejected(digest, 3, RejectionCode.CONTROL_CHARACTER, "line 3",
                String.format("U+%04X at column 4", (int) control.charAt(0)));
    }

    @Test
    void controlCharacterInSummaryKeepsTheStructure() {
        ParsedDigest digest = parse("A\nsum\u0001mary\nB\nsummary B\n");

        assertRejected(digest, 2, RejectionCode.CONTROL_CHARACTER, "line 2", "summary holds the control character");
        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("B");
    }

    @Test
    void tabsInsideLinesAreText() {
        ParsedDigest digest = parse("A\ttitle\nA\tsummary\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("A\ttitle");
    }

    @Test
    void titleWithoutLettersOrDigits() {
        assertRejected(parse("--- *** ---\nsummary\n"), 1, RejectionCode.TITLE_WITHOUT_TEXT, "line 1",
                "no letter or digit");
    }

    @Test
    void secondRecordOfTheSamePaperIsRejectedAndTheFirstKept() {
        ParsedDigest digest = parse("Deep Learning!\nfirst\nOther\nsummary\ndeep   LEARNING\nsecond\n");

        assertThat(digest.records()).extracting(DigestRecord::title, DigestRecord::summary).containsExactly(
                tuple("Deep Learning!", "first"),
                tuple("Other", "summary"));
        assertRejected(digest, 5, RejectionCode.DUPLICATE_PAPER, "line 5 is the same paper as the title on line 1",
                PaperId.fromTitle("Deep Learning!"));
    }

    @Test
    void goodRecordsAroundBadOnesAreKept() {
        ParsedDigest digest = parse("Good 1\ns\nRelated guides (x)\nGood 2\ns\nLonely title\n\nGood 3\ns\n");

        assertThat(digest.records()).extracting(DigestRecord::title).containsExactly("Good 2", "Good 3");
        assertThat(digest.rejected()).extracting(RejectedBlock::line).containsExactly(3, 6);
    }

    @Test
    void onlyTheFirstProblemOfARecordIsReported() {
        ParsedDigest digest = parse("Bad\u0007title\nsummary\nRelated guides (x)\n");

        assertRejected(digest, 1, RejectionCode.CONTROL_CHARACTER, "line 1", "U+0007");
    }

    @Test
    void longRejectedBlocksAreCutWithoutSplittingACharacter() {
        DigestParser parser = new DigestParser(Digests.limits(1000, 20000, 100, 5, 100));

        RejectedBlock cut = parser.parse("abcd𝔘e\n".getBytes(StandardCharsets.UTF_8)).rejected().get(0);
        RejectedBlock whole = parser.parse("abcd\n".getBytes(StandardCharsets.UTF_8)).rejected().get(0);

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.text()).isEqualTo("abcd");
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.text()).isEqualTo("abcd");
    }

    // ---- bodies that are not a digest at all ----------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "", "\uFEFF", "\n\n \r\n\t\n", "\uFEFF   " })
    void emptyOrBlankBodies(String body) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(UnreadableDigestException.class,
                        e -> assertThat(e.kind()).isEqualTo(UnreadableDigestException.Kind.EMPTY));
    }

    @Test
    void nulBytesMeanBinary() {
        byte[] body = { 'A', '\n', 's', '\n', 'B', 0, 'x', '\n', 's', '\n' };

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(UnreadableDigestException.class,
                        e -> assertThat(e.kind()).isEqualTo(UnreadableDigestException.Kind.BINARY))
                .hasMessageContaining("line 3");
    }

    @Test
    void invalidUtf8IsReportedWithItsOffset() {
        byte[] body = { 'A', '\n', 's', '\n', 'B', (byte) 0xC3, '(', '\n', 's', '\n' };

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(UnreadableDigestException.class,
                        e -> assertThat(e.kind()).isEqualTo(UnreadableDigestException.Kind.NOT_UTF8))
                .hasMessageContaining("byte offset 5")
                .hasMessageContaining("line 3");
    }

    @Test
    void encodedSurrogatesAndOverlongFormsAreNotUtf8() {
        byte[] surrogate = { 'A', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n', 's', '\n' };
        byte[] overlong = { 'A', (byte) 0xC0, (byte) 0xAF, '\n', 's', '\n' };

        for (byte[] body : List.of(surrogate, overlong)) {
            assertThatThrownBy(() -> parser.parse(body))
                    .isInstanceOfSatisfying(UnreadableDigestException.class,
                            e -> assertThat(e.kind()).isEqualTo(UnreadableDigestException.Kind.NOT_UTF8));
        }
    }

    private static void assertRejected(ParsedDigest digest, int line, RejectionCode code, String... reasonParts) {
        assertThat(digest.rejected()).hasSize(1);
        RejectedBlock rejected = digest.rejected().get(0);
        assertThat(rejected.line()).isEqualTo(line);
        assertThat(rejected.code()).isEqualTo(code);
        assertThat(rejected.reason()).contains(reasonParts);
    }
}
