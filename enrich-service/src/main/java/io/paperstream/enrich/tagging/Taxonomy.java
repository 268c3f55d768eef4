package io.paperstream.enrich.tagging;

import java.util.List;

/**
 * The themes a paper can carry and how they are recognized, as loaded from a taxonomy file.
 *
 * @param declaredVersion the version written in the file
 * @param contentHash     short hash of the file's bytes: two files declaring the same version but differing in
 *                        content still get different {@link #version()}s
 */
public record Taxonomy(String declaredVersion, String contentHash, Scoring scoring, List<Theme> themes) {

    public Taxonomy {
        themes = List.copyOf(themes);
    }

    /** What a tagged paper records as its {@code taxonomyVersion}: declared version plus content hash. */
    public String version() {
        return declaredVersion + "+" + contentHash;
    }

    /**
     * How term hits add up to a theme score.
     *
     * @param titleWeight      a term found in the title counts this many times its weight (titles say what a
     *                         paper is about more reliably than any sentence of its summary)
     * @param repeatBonus      each further summary occurrence of the same term adds this fraction of its weight
     * @param maxRepeats       occurrences beyond this many add nothing (a term repeated ten times is no
     *                         stronger evidence than one repeated three times)
     * @param defaultThreshold threshold of themes that declare none
     */
    public record Scoring(double titleWeight, double repeatBonus, int maxRepeats, double defaultThreshold) {
    }
}
