package io.paperstream.enrich.tagging;

import java.util.Arrays;

/**
 * Open-addressing hash map from {@code long} to non-negative {@code int}: the transition table of the tagger's
 * tries. Primitive keys and values keep the per-token lookups free of boxing and allocation.
 */
final class LongIntMap {

    static final int MISSING = -1;

    private static final long EMPTY = Long.MIN_VALUE;
    private static final float MAX_LOAD = 0.5f;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) (expectedSize / MAX_LOAD)) - 1) << 1;
        allocate(capacity);
    }

    int get(long key) {
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == EMPTY) {
                return MISSING;
            }
            slot = (slot + 1) & mask;
        }
    }

    void put(long key, int value) {
        if (key == EMPTY || value < 0) {
            throw new IllegalArgumentException("reserved key or negative value");
        }
        if (size + 1 > keys.length * MAX_LOAD) {
            grow();
        }
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            size++;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        // murmur3 finalizer: trie keys are highly regular (node << shift | symbol), so mix them well
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
