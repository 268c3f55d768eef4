package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class CatalogCatchUpTest {

    @Test
    void acceptedRecordsThatAddedNoPaperAreRepeatsOfKnownTitles() {
        // 105,009 accepted, the catalog grew from 0 to 100,675: 4,334 repeated a title
        assertThat(CatalogCatchUp.report(OptionalLong.of(0), OptionalLong.of(100_675), 105_009))
                .isEqualTo("caught up: 100,675 papers in the catalog, 100,675 new, 4,334 updated or unchanged"
                        + " (a title the catalog already had)");
    }

    @Test
    void withoutACountBeforeOnlyTheTotalIsKnown() {
        assertThat(CatalogCatchUp.report(OptionalLong.empty(), OptionalLong.of(12), -1))
                .isEqualTo("caught up: 12 papers in the catalog");
    }
}
