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
     * @param reading          how much a sentence of the summary counts by its role in the text, and how the
     *                         summary's evidence is scaled for its length
     * @param decisiveWeight   a term of at least this weight names its theme on its own ("2 = decisive")
     * @param supportOnlyFactor a theme whose evidence holds no decisive term must reach this many times its
     *                         threshold: one supporting term in the title ("Moral Reasoning") or a supporting term
     *                         plus a passing mention lands exactly on the threshold, and such papers are mostly not
     *                         about the theme; 1 turns this off
     * @param contextCountsOnce a theme's context terms add only the strongest of them: they make the theme likelier
     *                         but are not its subject, and they come in synonyms ("LLM", "large language model") that
     *                         a long abstract names together, so summed they stood in for a subject term
     */
    public record Scoring(double titleWeight, double repeatBonus, int maxRepeats, double defaultThreshold,
            Reading reading, double decisiveWeight, double supportOnlyFactor, boolean contextCountsOnce) {

        /** The scoring of taxonomy files without {@code contextCountsOnce}: every context term adds. */
        public Scoring(double titleWeight, double repeatBonus, int maxRepeats, double defaultThreshold,
                Reading reading, double decisiveWeight, double supportOnlyFactor) {
            this(titleWeight, repeatBonus, maxRepeats, defaultThreshold, reading, decisiveWeight, supportOnlyFactor,
                    false);
        }

        /** The scoring of taxonomy files written before {@link Reading} existed: every sentence counts fully. */
        public Scoring(double titleWeight, double repeatBonus, int maxRepeats, double defaultThreshold) {
            this(titleWeight, repeatBonus, maxRepeats, defaultThreshold, Reading.FLAT);
        }

        /** The scoring of taxonomy files without a support-only factor: every theme needs just its threshold. */
        public Scoring(double titleWeight, double repeatBonus, int maxRepeats, double defaultThreshold,
                Reading reading) {
            this(titleWeight, repeatBonus, maxRepeats, defaultThreshold, reading, defaultThreshold, 1.0);
        }
    }

    /**
     * How the tagger reads a summary the way a careful reader does: what the paper itself does weighs more than
     * its motivation, and a long abstract needs no more evidence-per-word than a short summary.
     * <p>
     * A <em>contribution sentence</em> holds one of {@code contributionCues} ("we propose", "this paper"); when
     * none does, the first sentence is. Sentences before the first contribution sentence are background and count
     * {@code backgroundWeight} of a term's weight; later sentences without a cue (method details, results) count
     * {@code detailWeight}. A term counts once, in its strongest sentence. In a summary longer than
     * {@code referenceWords} words, the background and detail weights are further multiplied by
     * {@code (referenceWords / words)^lengthExponent}: a 300-word abstract mentions more terms in passing than its
     * 40-word summary without being more about them, while its contribution sentence counts as much as the
     * summary's.
     *
     * @param contributionCues phrases (taxonomy term syntax) that mark a sentence as the paper's own contribution
     * @param backgroundWeight weight of a sentence before the first contribution sentence (0..1)
     * @param detailWeight     weight of a later sentence without a cue (0..1)
     * @param referenceWords   summary length up to which no length scaling applies
     * @param lengthExponent   0 turns length scaling off; 1 makes evidence proportional to words
     */
    public record Reading(List<String> contributionCues, double backgroundWeight, double detailWeight,
            int referenceWords, double lengthExponent) {

        /** Every sentence counts fully, no length scaling: what a taxonomy without a {@code reading} gets. */
        public static final Reading FLAT = new Reading(List.of(), 1.0, 1.0, 1, 0.0);

        public Reading {
            contributionCues = List.copyOf(contributionCues);
        }
    }
}
