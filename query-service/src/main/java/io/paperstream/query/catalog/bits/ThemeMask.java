package io.paperstream.query.catalog.bits;

import java.util.Arrays;
import java.util.Collection;

/**
 * A set of theme bits ({@code theme.bit}) of any size: the themes of a paper, or of a theme combination. Stored as
 * {@code bytea} (see V3): bit i is bit {@code i % 8} of byte {@code i / 8}, trailing zero bytes dropped, so a set
 * has exactly one stored form. Immutable.
 */
public final class ThemeMask implements Comparable<ThemeMask> {

    public static final ThemeMask EMPTY = new ThemeMask(new long[0]);

    /** Trailing zero words dropped: equal sets have equal arrays. */
    private final long[] words;

    private ThemeMask(long[] words) {
        int length = words.length;
        while (length > 0 && words[length - 1] == 0) {
            length--;
        }
        this.words = length == words.length ? words : Arrays.copyOf(words, length);
    }

    public static ThemeMask of(int... bits) {
        long[] words = new long[0];
        for (int bit : bits) {
            words = set(words, bit);
        }
        return new ThemeMask(words);
    }

    public static ThemeMask of(Collection<Integer> bits) {
        return of(bits.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The set of a stored mask; null (a paper's mask before its first update) is null. */
    public static ThemeMask fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        long[] words = new long[(bytes.length + Long.BYTES - 1) / Long.BYTES];
        for (int i = 0; i < bytes.length; i++) {
            words[i / Long.BYTES] |= (bytes[i] & 0xFFL) << (8 * (i % Long.BYTES));
        }
        return new ThemeMask(words);
    }

    /** The stored form. */
    public byte[] toBytes() {
        if (words.length == 0) {
            return new byte[0];
        }
        long last = words[words.length - 1];
        int lastBytes = (Long.SIZE - Long.numberOfLeadingZeros(last) + 7) / 8;
        byte[] bytes = new byte[(words.length - 1) * Long.BYTES + lastBytes];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (words[i / Long.BYTES] >>> (8 * (i % Long.BYTES)));
        }
        return bytes;
    }

    public ThemeMask with(int bit) {
        return has(bit) ? this : new ThemeMask(set(words.clone(), bit));
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    public boolean has(int bit) {
        int word = bit / Long.SIZE;
        return word < words.length && (words[word] & (1L << (bit % Long.SIZE))) != 0;
    }

    /** The bits of this set, ascending. */
    public int[] bits() {
        int[] bits = new int[cardinality()];
        int n = 0;
        for (int word = 0; word < words.length; word++) {
            long rest = words[word];
            while (rest != 0) {
                bits[n++] = word * Long.SIZE + Long.numberOfTrailingZeros(rest);
                rest &= rest - 1;
            }
        }
        return bits;
    }

    /** Bits in the set. */
    public int cardinality() {
        int bits = 0;
        for (long word : words) {
            bits += Long.bitCount(word);
        }
        return bits;
    }

    /** True when the sets share at least one bit. */
    public boolean intersects(ThemeMask other) {
        int n = Math.min(words.length, other.words.length);
        for (int i = 0; i < n; i++) {
            if ((words[i] & other.words[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** True when every bit of {@code other} is in this set. */
    public boolean containsAll(ThemeMask other) {
        if (other.words.length > words.length) {
            return false;
        }
        for (int i = 0; i < other.words.length; i++) {
            if ((words[i] & other.words[i]) != other.words[i]) {
                return false;
            }
        }
        return true;
    }

    /** Bits in both sets. */
    public int sharedBits(ThemeMask other) {
        int n = Math.min(words.length, other.words.length);
        int shared = 0;
        for (int i = 0; i < n; i++) {
            shared += Long.bitCount(words[i] & other.words[i]);
        }
        return shared;
    }

    public ThemeMask and(ThemeMask other) {
        long[] result = new long[Math.min(words.length, other.words.length)];
        for (int i = 0; i < result.length; i++) {
            result[i] = words[i] & other.words[i];
        }
        return new ThemeMask(result);
    }

    private static long[] set(long[] words, int bit) {
        if (bit < 0) {
            throw new IllegalArgumentException("a theme bit is never negative: " + bit);
        }
        int word = bit / Long.SIZE;
        long[] result = word < words.length ? words : Arrays.copyOf(words, word + 1);
        result[word] |= 1L << (bit % Long.SIZE);
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ThemeMask mask && Arrays.equals(words, mask.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** PostgreSQL's bytea order (unsigned bytes, then length): the order rows of theme_combo are locked in. */
    @Override
    public int compareTo(ThemeMask other) {
        return Arrays.compareUnsigned(toBytes(), other.toBytes());
    }

    @Override
    public String toString() {
        StringBuilder bits = new StringBuilder("{");
        for (int bit = 0; bit < words.length * Long.SIZE; bit++) {
            if (has(bit)) {
                bits.append(bits.length() > 1 ? "," : "").append(bit);
            }
        }
        return bits.append('}').toString();
    }
}
