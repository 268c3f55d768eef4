package io.paperstream.query.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ThemeBitsTest {

    @Test
    void aThemeGetsItsTaxonomyPositionWhenFree() {
        assertThat(ThemeBits.allocate(Set.of(0, 1), 5)).isEqualTo(5);
    }

    @Test
    void otherwiseTheLowestFreeBit() {
        assertThat(ThemeBits.allocate(Set.of(0, 1, 5), 5)).isEqualTo(2);
        assertThat(ThemeBits.allocate(Set.of(1), null)).isZero();
        assertThat(ThemeBits.allocate(Set.of(), 64)).isZero();
        assertThat(ThemeBits.allocate(Set.of(), -3)).isZero();
    }

    @Test
    void noBitOnceAllSixtyFourAreTaken() {
        Set<Integer> taken = new HashSet<>();
        for (int bit = 0; bit < 64; bit++) {
            taken.add(bit);
        }
        assertThat(ThemeBits.allocate(taken, 3)).isNull();
    }
}
