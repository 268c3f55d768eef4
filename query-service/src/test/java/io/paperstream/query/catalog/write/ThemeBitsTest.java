package io.paperstream.query.catalog.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ThemeBitsTest {

    private static final int CAPACITY = 1024;

    @Test
    void aThemeGetsItsTaxonomyPositionWhenFree() {
        assertThat(ThemeBits.allocate(Set.of(0, 1), 5, CAPACITY)).isEqualTo(5);
        // past the 64 bits of the former bigint mask
        assertThat(ThemeBits.allocate(Set.of(0, 1), 99, CAPACITY)).isEqualTo(99);
    }

    @Test
    void otherwiseTheLowestFreeBit() {
        assertThat(ThemeBits.allocate(Set.of(0, 1, 5), 5, CAPACITY)).isEqualTo(2);
        assertThat(ThemeBits.allocate(Set.of(1), null, CAPACITY)).isZero();
        assertThat(ThemeBits.allocate(Set.of(), CAPACITY, CAPACITY)).isZero();
        assertThat(ThemeBits.allocate(Set.of(), -3, CAPACITY)).isZero();
    }

    @Test
    void noBitOnceTheCapacityIsTaken() {
        Set<Integer> taken = new HashSet<>();
        for (int bit = 0; bit < 100; bit++) {
            taken.add(bit);
        }
        assertThat(ThemeBits.allocate(taken, 3, 100)).isNull();
        assertThat(ThemeBits.allocate(taken, 3, 101)).isEqualTo(100);
    }
}
