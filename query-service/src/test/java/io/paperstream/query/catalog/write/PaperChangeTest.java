package io.paperstream.query.catalog.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PaperChangeTest {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void theNewestVersionOfEachPaperStaysWhateverTheOrder() {
        PaperRow old = version("a", T0, T0.plusSeconds(1));
        PaperRow retagged = version("a", T0, T0.plusSeconds(60));
        PaperRow reingested = version("a", T0.plusSeconds(5), T0.plusSeconds(6));
        PaperRow other = version("b", T0, T0);
        List<PaperChange> latest = PaperChange.latestPerPaper(List.of(up(retagged), up(other), up(reingested),
                up(old)));
        assertThat(latest).containsExactly(up(reingested), up(other));
    }

    @Test
    void aRemovalWinsOverWhatCameBeforeAndLosesToWhatCameAfter() {
        PaperRow a = version("a", T0, T0);
        assertThat(PaperChange.latestPerPaper(List.of(up(a), new PaperChange.Removal("a", 0))))
                .containsExactly(new PaperChange.Removal("a", 0));
        assertThat(PaperChange.latestPerPaper(List.of(new PaperChange.Removal("a", 0), up(a))))
                .containsExactly(up(a));
    }

    @Test
    void aRedeliveryKeepsTheFirstOfTwoEqualVersions() {
        PaperRow a = version("a", T0, T0);
        assertThat(PaperChange.latestPerPaper(List.of(up(a), up(a)))).containsExactly(up(a));
    }

    private static PaperChange up(PaperRow paper) {
        return new PaperChange.Upsert(paper, 0);
    }

    private static PaperRow version(String id, Instant ingestedAt, Instant enrichedAt) {
        return new PaperRow(id, "Title " + id, "", "s", "d", 1, "{}", ingestedAt, enrichedAt, "v", List.of());
    }
}
