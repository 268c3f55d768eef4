package io.paperstream.query.catalog.write;

import java.util.Set;

/**
 * Chooses a theme's bit in a paper's {@link io.paperstream.query.catalog.bits.ThemeMask}: each bit is given to one slug for good, below a configured
 * capacity ({@code paperstream.query.themes.max-bits}) that keeps every mask small.
 */
final class ThemeBits {

    /**
     * Largest capacity accepted: masks of at most 2,000 bytes, below btree's ~2,704-byte row limit for the
     * indexes keyed by a mask ({@code theme_combo}'s key, {@code paper_theme_mask_recent_idx}).
     */
    static final int MAX_CAPACITY = 16_000;

    private ThemeBits() {
    }

    /**
     * The preferred bit (the theme's taxonomy position) when it is free, else the lowest free bit; null when all
     * {@code capacity} bits are taken.
     */
    static Integer allocate(Set<Integer> taken, Integer preferred, int capacity) {
        if (preferred != null && preferred >= 0 && preferred < capacity && !taken.contains(preferred)) {
            return preferred;
        }
        for (int bit = 0; bit < capacity; bit++) {
            if (!taken.contains(bit)) {
                return bit;
            }
        }
        return null;
    }
}
