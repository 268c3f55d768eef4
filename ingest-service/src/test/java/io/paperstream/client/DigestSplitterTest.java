package io.paperstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;
import io.paperstream.ingest.digest.ParsedDigest;
import io.paperstream.ingest.digest.RejectionCode;

/**
 * The splitter cuts where ingest's own parser starts records: parsing the pieces gives the same records and
 * rejections, at the same file lines, as parsing the whole file at once.
 */
class DigestSplitterTest {

    /** The whole file is parsed as one digest, so no record limit may refuse it. */
    private static final DigestParser PARSER = new DigestParser(new DigestLimits(PaperLimits.shipped(), 65_536,
            Integer.MAX_VALUE));
    private static final Path SEEDS = Path.of("../seeds");
    /** The shared data beside the repository (or beside the folder of its worktrees). */
    private static final List<Path> DIGEST_5K = List.of(Path.of("../../shared/data/arxiv-digest-5k.txt"),
            Path.of("../../../shared/data/arxiv-digest-5k.txt"));

    /** Inputs where the layout is not obvious: every case the parser's boundaries distinguish. */
    static Stream<String> trickyDigests() {
        return Stream.of(
                // CRLF, lone CR, a BOM, blank lines before, between and after records
                "\uFEFFFirst Title\r\nFirst summary.\r\n\r\n\r\nSecond Title\rSecond summary.\rRelated code (3)\r\r",
                // a title without summary (blank, Related line, end), then records
                "Lonely Title\n\nNext Title\nNext summary.\nNo Summary Title\nRelated code (2)\nLast Title",
                // Related lines before any title, after a blank line, and a capitalized "Related Work" title
                "Related code (1)\nRelated data (2)\nRelated Work (Extended Version)\nIts summary.\n\n"
                        + "Related code (4)\nAnother Title\nAnother summary.\nRelated (5)\n",
                // padding-only lines (tabs, no-break spaces, stray BOMs) count as blank; a title of symbols only
                "Padded Title  \t\n\u00A0Padded summary.\n \t\u00A0\uFEFF\n*** ---\nsymbols summary\n"
                        + "Third Title\nThird summary.\nRelated code (x)\nRelated code (1)\nFourth Title\nS.\n",
                // control characters, a lone Related-ish lower-case title, unicode line-likes that are not ends
                "Ctrl\u0007 Title\nIts summary.\nRelated work of many kinds\nsummary?\nU\u2028Title\nNEL\u0085line\n",
                // the same title twice (whole parse: duplicate of the first), records with many Related lines
                "Same Title\nOne.\nRelated a (1)\nRelated b (2)\nRelated c (3)\nSame title\nTwo.\n\n\nTail Title\nT.");
    }

    @ParameterizedTest
    @MethodSource("trickyDigests")
    void piecesParseLikeTheWholeAtEveryLimit(String digest) throws IOException {
        byte[] file = digest.getBytes(StandardCharsets.UTF_8);
        for (int maxRecords = 1; maxRecords <= 4; maxRecords++) {
            assertSameAsWhole(file, new DigestSplitter.Limits(maxRecords, Long.MAX_VALUE));
        }
        for (long maxBytes : new long[] {1, 20, 40, 80}) {
            assertSameAsWhole(file, new DigestSplitter.Limits(1000, maxBytes));
        }
    }

    @Test
    void theSeedsSplitLikeIngestParsesThem() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(SEEDS)) {
            seeds = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(seeds).isNotEmpty();
        for (Path seed : seeds) {
            byte[] file = Files.readAllBytes(seed);
            List<Located> whole = assertSameAsWhole(file, new DigestSplitter.Limits(7, 4096));
            assertThat(whole).isNotEmpty();
        }
    }

    @Test
    void theRealDigestSplitsLikeIngestParsesIt() throws IOException {
        Path real = DIGEST_5K.stream().filter(Files::isReadable).findFirst().orElse(null);
        assumeTrue(real != null, "no arxiv-digest-5k.txt beside the repository");
        List<Located> whole = assertSameAsWhole(Files.readAllBytes(real), new DigestSplitter.Limits(500, 100_000));
        assertThat(whole).hasSize(5000);
    }

    @Test
    void everyDigestLineIsTheFileLineItMapsTo() throws IOException {
        String file = "Title One\nSummary one.\n\nTitle Two\r\nSummary two.\r\nRelated code (2)\n\n\nTitle Three\nS3.\n";
        String[] fileLines = file.split("\r?\n", -1);
        List<DigestSplitter.Digest> digests = split(file.getBytes(StandardCharsets.UTF_8),
                new DigestSplitter.Limits(1, Long.MAX_VALUE));

        assertThat(digests).extracting(DigestSplitter.Digest::records).containsExactly(1, 1, 1);
        assertThat(digests).extracting(DigestSplitter.Digest::firstLine).containsExactly(1, 4, 9);
        for (DigestSplitter.Digest digest : digests) {
            String[] lines = new String(digest.body(), StandardCharsets.UTF_8).split("\n", -1);
            for (int line = 1; line <= digest.lines(); line++) {
                assertThat(lines[line - 1]).isEqualTo(fileLines[digest.fileLine(line) - 1]);
            }
        }
    }

    @Test
    void reasonsNameFileLines() {
        DigestSplitter.Digest digest = new DigestSplitter.Digest(3, new byte[0], 2, 101, 10);

        assertThat(digest.fileReason("the title on line 4 has no summary: line 5 is blank"))
                .isEqualTo("the title on line 104 has no summary: line 105 is blank");
        assertThat(digest.fileReason("no line here, not even a 'pipeline 3'")).isEqualTo(
                "no line here, not even a 'pipeline 3'");
    }

    @Test
    void aRecordLargerThanTheByteLimitTravelsAlone() throws IOException {
        String big = "Big Title\n" + "x".repeat(500) + "\n";
        String file = "Small One\nS.\n" + big + "Small Two\nS.\n";

        List<DigestSplitter.Digest> digests = split(file.getBytes(StandardCharsets.UTF_8),
                new DigestSplitter.Limits(100, 100));

        assertThat(digests).extracting(DigestSplitter.Digest::firstLine).containsExactly(1, 3, 5);
        assertThat(digests.get(1).body().length).isEqualTo(big.length());
        assertThat(digests.get(0).body().length).isLessThanOrEqualTo(100);
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithItsLine() {
        byte[] file = "Title\nSummary\nBad \u00e9 Title\n".getBytes(StandardCharsets.ISO_8859_1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> split(file, new DigestSplitter.Limits(1, 100)))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid UTF-8");
    }

    /** A parsed record or rejection, at its file line. */
    record Located(int fileLine, String what) {
    }

    /** Asserts the pieces parse as the whole does and keep to the limits; returns the whole's records. */
    private static List<Located> assertSameAsWhole(byte[] file, DigestSplitter.Limits limits) throws IOException {
        List<Located> whole = located(PARSER.parse(file), 1);
        List<Located> pieces = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        int nextLine = 1;
        for (DigestSplitter.Digest digest : split(file, limits)) {
            assertThat(digest.firstLine()).as("digests follow each other line by line").isEqualTo(nextLine);
            nextLine += digest.lines();
            ParsedDigest parsed = PARSER.parse(digest.body());
            assertThat(parsed.records().size() + parsed.rejected().size()).as("records of a piece")
                    .isEqualTo(digest.records())
                    .isLessThanOrEqualTo(limits.maxRecords());
            if (digest.records() > 1) {
                assertThat((long) digest.body().length).isLessThanOrEqualTo(limits.maxBytes());
            }
            pieces.addAll(located(parsed, digest.firstLine()));
            joined.append(new String(digest.body(), StandardCharsets.UTF_8));
        }
        // a repeat of a title in another piece is no repeat there: the whole's duplicate is the piece's record
        List<Integer> duplicateLines = whole.stream().filter(entry -> entry.what().equals(DUPLICATE))
                .map(Located::fileLine).toList();
        pieces.replaceAll(entry -> duplicateLines.contains(entry.fileLine()) ? new Located(entry.fileLine(), DUPLICATE)
                : entry);
        assertThat(pieces).as("records and rejections of the pieces, at file lines").isEqualTo(whole);
        String normalized = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
        assertThat(joined.toString().stripTrailing()).isEqualTo(normalized.stripTrailing());
        return whole;
    }

    private static final String DUPLICATE = "duplicate";

    private static List<Located> located(ParsedDigest parsed, int firstLine) {
        List<Located> located = new ArrayList<>();
        parsed.records().forEach(record -> located.add(new Located(firstLine + record.line() - 1,
                "record " + record.id() + " " + record.summary() + " " + record.related())));
        parsed.rejected().forEach(rejected -> located.add(new Located(firstLine + rejected.line() - 1,
                rejected.code() == RejectionCode.DUPLICATE_PAPER ? DUPLICATE : rejected.code().name()
                        + " " + rejected.text().replace("\r\n", "\n").replace('\r', '\n'))));
        located.sort((a, b) -> Integer.compare(a.fileLine(), b.fileLine()));
        return located;
    }

    static List<DigestSplitter.Digest> split(byte[] file, DigestSplitter.Limits limits) throws IOException {
        List<DigestSplitter.Digest> digests = new ArrayList<>();
        try (DigestSplitter splitter = DigestSplitter.of(new ByteArrayInputStream(file), limits)) {
            DigestSplitter.Digest digest;
            while ((digest = splitter.next()) != null) {
                digests.add(digest);
            }
        }
        return digests;
    }
}
