package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperId;

class SeedLoaderTest {

    private static final List<String> DIGEST = List.of(
            "First Paper",
            "Its summary.",
            "Related guides (3)",
            "",
            "Second Paper",
            "Another summary.",
            "Third Paper",
            "Third summary.",
            "Related events (1)");

    @Test
    void findsEachRecordWithItsTitleAndLines() {
        List<SeedLoader.SeedRecord> records = SeedLoader.records(String.join("\n", DIGEST));

        assertThat(records).containsExactly(
                new SeedLoader.SeedRecord("First Paper", 1, 3),
                new SeedLoader.SeedRecord("Second Paper", 5, 6),
                new SeedLoader.SeedRecord("Third Paper", 7, 9));
        assertThat(records.get(1).paperId()).isEqualTo(PaperId.fromTitle("second paper"));
    }

    @Test
    void leavesOutTheRecordsTheCatalogHasKeepingLineNumbers() {
        List<SeedLoader.SeedRecord> records = SeedLoader.records(String.join("\n", DIGEST));

        String digest = SeedLoader.without(DIGEST, List.of(records.get(0), records.get(2)));

        assertThat(digest.split("\n", -1)).containsExactly("", "", "", "", "Second Paper", "Another summary.", "",
                "", "", "");
        assertThat(SeedLoader.records(digest)).containsExactly(new SeedLoader.SeedRecord("Second Paper", 5, 6));
    }
}
