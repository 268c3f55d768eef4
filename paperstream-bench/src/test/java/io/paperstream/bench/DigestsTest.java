package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;
import io.paperstream.ingest.digest.ParsedDigest;

class DigestsTest {

    private static final List<BenchPaper> PAPERS = List.of(new BenchPaper("Title One", "Summary one."),
            new BenchPaper("Title Two", "Summary two."), new BenchPaper("Title Three", "Summary three."));

    @Test
    void writesRecordsTheIngestParserAcceptsWithTheSameIds() {
        byte[] body = Digests.body(PAPERS);

        ParsedDigest parsed = new DigestParser(new DigestLimits(PaperLimits.shipped(), 1000, PAPERS.size())).parse(body);

        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("Title One\nSummary one.\n\nTitle Two\n");
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.records()).extracting(record -> record.id())
                .containsExactlyElementsOf(PAPERS.stream().map(BenchPaper::id).toList());
    }

    @Test
    void splitsIntoConsecutiveDigests() {
        assertThat(Digests.split(PAPERS, 2)).containsExactly(PAPERS.subList(0, 2), PAPERS.subList(2, 3));
        assertThat(Digests.split(PAPERS, 5)).containsExactly(PAPERS);
        assertThat(Digests.split(List.of(), 5)).isEmpty();
    }
}
