package io.paperstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;
import io.paperstream.ingest.digest.ParsedDigest;

class DigestsTest {

    private static final List<PaperRecord> PAPERS = List.of(new PaperRecord("Title One", "Summary one."),
            new PaperRecord("Title Two", "Summary two.", List.of("Related code (2)")),
            new PaperRecord("Title Three", "Summary three."));

    @Test
    void writesRecordsTheIngestParserAcceptsWithTheSameIds() {
        byte[] body = Digests.body(PAPERS);

        ParsedDigest parsed = new DigestParser(new DigestLimits(PaperLimits.shipped(), 1000, PAPERS.size()))
                .parse(body);

        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("Title One\nSummary one.\nTitle Two\n");
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.records()).extracting(record -> record.id())
                .containsExactlyElementsOf(PAPERS.stream().map(PaperRecord::expectedId).toList());
        assertThat(parsed.records().get(1).related()).isEqualTo(PAPERS.get(1).relatedCounts());
    }

    @Test
    void readsWhatItWrites() {
        assertThat(Digests.parse(Digests.render(PAPERS))).isEqualTo(PAPERS);
    }

    @Test
    void pairsTitleAndSummaryLinesSkippingBlankOnesAndRecordsWithoutSummary() throws IOException {
        String text = "First Title\nFirst abstract.\n\n  Second Title  \r\nSecond abstract.\nRelated code (3)\n"
                + "Dangling title\n";

        List<PaperRecord> papers = Digests.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 10);

        assertThat(papers).containsExactly(new PaperRecord("First Title", "First abstract."),
                new PaperRecord("Second Title", "Second abstract.", List.of("Related code (3)")));
        assertThat(Digests.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1)).hasSize(1);
    }

    @Test
    void splitsIntoConsecutiveDigests() {
        assertThat(Digests.chunks(PAPERS, 2)).containsExactly(PAPERS.subList(0, 2), PAPERS.subList(2, 3));
        assertThat(Digests.chunks(PAPERS, 5)).containsExactly(PAPERS);
        assertThat(Digests.chunks(List.of(), 5)).isEmpty();
    }

    @Test
    void theSeedPapersAreWhatIngestParsesFromTheSeeds() {
        List<PaperRecord> seeds = SeedPapers.load();
        int parsed = 0;
        for (var digest : SeedPapers.digests(SeedPapers.FROM_MODULE)) {
            ParsedDigest records = new DigestParser(new DigestLimits(PaperLimits.shipped(), 1000, 10_000))
                    .parse(readAll(digest));
            assertThat(records.rejected()).isEmpty();
            for (var record : records.records()) {
                PaperRecord seed = seeds.get(parsed++);
                assertThat(seed.expectedId()).isEqualTo(record.id());
                assertThat(seed.summary()).isEqualTo(record.summary());
                assertThat(seed.relatedCounts()).isEqualTo(record.related());
            }
        }
        assertThat(seeds).hasSize(parsed).isNotEmpty();
        assertThat(SeedPapers.startingWith("When Does Model Collapse").relatedCounts())
                .isEqualTo(Map.of("guides", 3L, "events", 8L));
    }

    private static byte[] readAll(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
