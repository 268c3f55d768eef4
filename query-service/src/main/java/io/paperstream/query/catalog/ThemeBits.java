package io.paperstream.query.catalog;

import java.util.Set;

/** Chooses a theme's bit in {@code paper.theme_mask}: 64 bits, each given to one slug for good. */
final class ThemeBits {

    static final int CAPACITY = Long.SIZE;

    private ThemeBits() {
    }

    /**
     * The preferred bit (the theme's taxonomy position) when it is free, else the lowest free bit; null when all
     * are taken.
     */
    static Integer allocate(Set<Integer> taken, Integer preferred) {
        if (preferred != null && preferred >= 0 && preferred < CAPACITY && !taken.contains(preferred)) {
            return preferred;
        }
        for (int bit = 0; bit < CAPACITY; bit++) {
            if (!taken.contains(bit)) {
                return bit;
            }
        }
        return null;
    }
}
