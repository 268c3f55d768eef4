package io.paperstream.query.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperEnriched;

class PaperChangeTest {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void theNewestVersionOfEachPaperStaysWhateverTheOrder() {
        PaperEnriched old = version("a", T0, T0.plusSeconds(1));
        PaperEnriched retagged = version("a", T0, T0.plusSeconds(60));
        PaperEnriched reingested = version("a", T0.plusSeconds(5), T0.plusSeconds(6));
        PaperEnriched other = version("b", T0, T0);
        List<PaperChange> latest = PaperChange.latestPerPaper(List.of(up(retagged), up(other), up(reingested),
                up(old)));
        assertThat(latest).containsExactly(up(reingested), up(other));
    }

    @Test
    void aRemovalWinsOverWhatCameBeforeAndLosesToWhatCameAfter() {
        PaperEnriched a = version("a", T0, T0);
        assertThat(PaperChange.latestPerPaper(List.of(up(a), new PaperChange.Removal("a"))))
                .containsExactly(new PaperChange.Removal("a"));
        assertThat(PaperChange.latestPerPaper(List.of(new PaperChange.Removal("a"), up(a))))
                .containsExactly(up(a));
    }

    @Test
    void aRedeliveryKeepsTheFirstOfTwoEqualVersions() {
        PaperEnriched a = version("a", T0, T0);
        assertThat(PaperChange.latestPerPaper(List.of(up(a), up(a)))).containsExactly(up(a));
    }

    private static PaperChange up(PaperEnriched paper) {
        return new PaperChange.Upsert(paper);
    }

    private static PaperEnriched version(String id, Instant ingestedAt, Instant enrichedAt) {
        return new PaperEnriched(1, id, "Title " + id, "", Map.of(), "d", "s", 1, ingestedAt, List.of(),
                enrichedAt, "v");
    }
}
