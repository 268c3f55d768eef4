package io.paperstream.bench.catalog;

import java.util.Locale;

/**
 * Words that no real paper contains, one per freshness probe: letters only (the text search parser keeps a run of
 * letters as one word, and English stemming leaves these alone as they end in no suffix it knows), from the run tag
 * and the probe's number, so two probes or two runs never share one.
 */
final class ProbeWords {

    private static final String PREFIX = "zqx";

    private ProbeWords() {
    }

    static String word(String runTag, int probe) {
        return PREFIX + letters(runTag) + "q" + letters(Integer.toString(probe));
    }

    /** Digits and letters of a tag as letters a to z only ('0' → 'a', ..., 'a' → 'k', ...). */
    static String letters(String tag) {
        StringBuilder out = new StringBuilder(tag.length());
        for (char c : tag.toLowerCase(Locale.ROOT).toCharArray()) {
            int value = Character.digit(c, Character.MAX_RADIX);
            if (value < 0) {
                throw new IllegalArgumentException("not a base-36 tag: " + tag);
            }
            out.append((char) ('a' + value % 26)).append(value >= 26 ? "z" : "");
        }
        return out.toString();
    }
}
