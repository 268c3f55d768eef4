package io.paperstream.query.catalog.bits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ThemeMaskTest {

    @Test
    void theStoredFormIsLittleEndianWithoutTrailingZeroBytes() {
        // the form V3 converts the bigint masks to: bit i in byte i / 8 at i % 8
        assertThat(ThemeMask.EMPTY.toBytes()).isEmpty();
        assertThat(ThemeMask.of(0).toBytes()).containsExactly(0x01);
        assertThat(ThemeMask.of(9).toBytes()).containsExactly(0x00, 0x02);
        assertThat(ThemeMask.of(63).toBytes()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0x80);
        assertThat(ThemeMask.of(0, 99).toBytes()).hasSize(13).startsWith(0x01).endsWith(0x08);
    }

    @Test
    void aSetHasOneFormWhicheverWayItWasBuilt() {
        Random random = new Random(15);
        for (int round = 0; round < 500; round++) {
            List<Integer> bits = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                bits.add(random.nextInt(300));
            }
            ThemeMask built = ThemeMask.of(bits);
            ThemeMask read = ThemeMask.fromBytes(built.toBytes());
            assertThat(read).isEqualTo(built).hasSameHashCodeAs(built);
            assertThat(read.toBytes()).isEqualTo(built.toBytes());
            Set<Integer> expected = new HashSet<>(bits);
            for (int bit = 0; bit < 320; bit++) {
                assertThat(read.has(bit)).isEqualTo(expected.contains(bit));
            }
        }
        // trailing zero bytes (a row written by hand) read as the same set
        assertThat(ThemeMask.fromBytes(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 0, 0})).isEqualTo(ThemeMask.of(2));
    }

    @Test
    void setOperationsBeyondSixtyFourBits() {
        ThemeMask a = ThemeMask.of(1, 64, 99);
        ThemeMask b = ThemeMask.of(64, 99, 200);
        assertThat(a.intersects(b)).isTrue();
        assertThat(a.sharedBits(b)).isEqualTo(2);
        assertThat(a.and(b)).isEqualTo(ThemeMask.of(64, 99));
        assertThat(b.containsAll(ThemeMask.of(99, 200))).isTrue();
        assertThat(a.containsAll(ThemeMask.of(99, 200))).isFalse();
        assertThat(ThemeMask.of(1).intersects(ThemeMask.of(65))).isFalse();
    }
}
