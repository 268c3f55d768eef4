package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.paperstream.local.cli.CatalogCatchUp.CatalogState;

class CatalogCatchUpTest {

    private static final String STARTED = "2026-11-30T10:00:00Z";

    @Test
    void theReportIsWhatQueryCountedDuringTheCommand() {
        CatalogState before = new CatalogState(1_000, STARTED, 1_000, 5, 40, 0);
        CatalogState after = new CatalogState(1_003, STARTED, 1_003, 6, 52, 0);

        assertThat(CatalogCatchUp.report(Optional.of(before), Optional.of(after)))
                .isEqualTo("caught up: 1,003 papers in the catalog: 3 new, 1 updated, 12 unchanged");
    }

    @Test
    void aQueryStartedSinceCountsFromZero() {
        CatalogState before = new CatalogState(1_000, STARTED, 1_000, 5, 40, 0);
        CatalogState restarted = new CatalogState(998, "2026-11-30T11:00:00Z", 1_000, 0, 0, 2);

        assertThat(CatalogCatchUp.report(Optional.of(before), Optional.of(restarted)))
                .isEqualTo("caught up: 998 papers in the catalog: 1,000 new, 0 updated, 0 unchanged, 2 removed");
    }

    @Test
    void withoutAStateBeforeOnlyTheTotalIsKnown() {
        assertThat(CatalogCatchUp.report(Optional.empty(), Optional.of(new CatalogState(12, STARTED, 0, 0, 0, 0))))
                .isEqualTo("caught up: 12 papers in the catalog");
    }

    @Test
    void readsQueryStats() throws IOException {
        String stats = """
                {"papers":7,"themes":3,"openStreams":0,"materialized":{"since":"%s","added":7,"updated":2,\
                "unchanged":4,"removed":1}}""".formatted(STARTED);

        assertThat(CatalogCatchUp.parse(stats)).contains(new CatalogState(7, STARTED, 7, 2, 4, 1));
        assertThat(CatalogCatchUp.parse("{\"papers\":7}")).isEmpty();
    }
}
