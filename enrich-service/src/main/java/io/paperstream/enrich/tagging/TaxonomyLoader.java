package io.paperstream.enrich.tagging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a taxonomy YAML file (the default one ships as {@value #DEFAULT_RESOURCE}) and checks it, so that a
 * broken replacement taxonomy stops the service at startup instead of tagging nonsense.
 */
public final class TaxonomyLoader {

    public static final String DEFAULT_RESOURCE = "taxonomy/default.yaml";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int HASH_HEX_CHARS = 8;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TaxonomyLoader() {
    }

    /** The default taxonomy shipped with the service. */
    public static Taxonomy loadDefault() {
        try (InputStream in = TaxonomyLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("taxonomy resource " + DEFAULT_RESOURCE + " is missing");
            }
            return parse(in.readAllBytes(), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A taxonomy file that replaces the default one. */
    public static Taxonomy load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read taxonomy file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates a taxonomy.
     *
     * @param origin where the bytes come from, for error messages
     * @throws IllegalArgumentException when the file is not a valid taxonomy, saying what is wrong where
     */
    public static Taxonomy parse(byte[] content, String origin) {
        Document document;
        try {
            document = YAML.readValue(content, Document.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("taxonomy " + origin + " is not valid YAML of the expected shape: "
                    + e.getMessage(), e);
        }
        if (document == null) {
            throw invalid(origin, "the file is empty");
        }
        if (document.version() == null || document.version().isBlank()) {
            throw invalid(origin, "'version' is missing");
        }
        Taxonomy.Scoring scoring = scoring(document.scoring(), origin);
        if (document.themes() == null || document.themes().isEmpty()) {
            throw invalid(origin, "'themes' is missing or empty");
        }
        List<Theme> themes = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (ThemeDocument theme : document.themes()) {
            themes.add(theme(theme, themes.size(), scoring, slugs, origin));
        }
        return new Taxonomy(document.version().trim(), shortHash(content), scoring, themes);
    }

    private static Taxonomy.Scoring scoring(ScoringDocument scoring, String origin) {
        if (scoring == null) {
            throw invalid(origin, "'scoring' is missing");
        }
        positive(scoring.titleWeight(), "scoring.titleWeight", origin);
        positive(scoring.defaultThreshold(), "scoring.defaultThreshold", origin);
        if (scoring.repeatBonus() == null || scoring.repeatBonus() < 0) {
            throw invalid(origin, "'scoring.repeatBonus' must be 0 or more");
        }
        if (scoring.maxRepeats() == null || scoring.maxRepeats() < 1) {
            throw invalid(origin, "'scoring.maxRepeats' must be 1 or more");
        }
        // both optional: without them every theme needs just its threshold, as in files written before them
        double decisiveWeight = scoring.decisiveWeight() == null ? scoring.defaultThreshold() : scoring.decisiveWeight();
        positive(decisiveWeight, "scoring.decisiveWeight", origin);
        double supportOnlyFactor = scoring.supportOnlyFactor() == null ? 1.0 : scoring.supportOnlyFactor();
        if (!(supportOnlyFactor >= 1)) {
            throw invalid(origin, "'scoring.supportOnlyFactor' must be 1 or more");
        }
        // optional: without it every context term adds, as in files written before it
        boolean contextCountsOnce = Boolean.TRUE.equals(scoring.contextCountsOnce());
        return new Taxonomy.Scoring(scoring.titleWeight(), scoring.repeatBonus(), scoring.maxRepeats(),
                scoring.defaultThreshold(), reading(scoring.reading(), origin), decisiveWeight, supportOnlyFactor,
                contextCountsOnce);
    }

    /** The optional {@code scoring.reading} block; a file without it reads every sentence alike, as before. */
    private static Taxonomy.Reading reading(ReadingDocument reading, String origin) {
        if (reading == null) {
            return Taxonomy.Reading.FLAT;
        }
        List<String> cues = reading.contributionCues() == null ? List.of() : reading.contributionCues();
        for (String cue : cues) {
            if (cue == null || cue.isBlank()) {
                throw invalid(origin, "scoring.reading: a contribution cue is blank");
            }
            checkTermSyntax(cue, "scoring.reading", origin);
        }
        fraction(reading.backgroundWeight(), "scoring.reading.backgroundWeight", origin);
        fraction(reading.detailWeight(), "scoring.reading.detailWeight", origin);
        if (reading.referenceWords() == null || reading.referenceWords() < 1) {
            throw invalid(origin, "'scoring.reading.referenceWords' must be 1 or more");
        }
        if (reading.lengthExponent() == null || reading.lengthExponent() < 0 || reading.lengthExponent() > 1) {
            throw invalid(origin, "'scoring.reading.lengthExponent' must be between 0 and 1");
        }
        return new Taxonomy.Reading(cues.stream().map(String::trim).toList(), reading.backgroundWeight(),
                reading.detailWeight(), reading.referenceWords(), reading.lengthExponent());
    }

    private static void fraction(Double value, String name, String origin) {
        if (value == null || !(value > 0) || value > 1) {
            throw invalid(origin, "'" + name + "' must be a number above 0 and at most 1");
        }
    }

    private static Theme theme(ThemeDocument theme, int position, Taxonomy.Scoring scoring, Set<String> slugs,
            String origin) {
        if (theme.slug() == null || !SLUG.matcher(theme.slug()).matches()) {
            throw invalid(origin, "theme #" + (position + 1) + ": slug '" + theme.slug()
                    + "' must be lower-case words joined by hyphens");
        }
        String where = "theme '" + theme.slug() + "'";
        if (!slugs.add(theme.slug())) {
            throw invalid(origin, where + " is declared twice");
        }
        if (theme.label() == null || theme.label().isBlank()) {
            throw invalid(origin, where + ": 'label' is missing");
        }
        if (theme.description() == null || theme.description().isBlank()) {
            throw invalid(origin, where + ": 'description' is missing");
        }
        if (theme.terms() == null || theme.terms().isEmpty()) {
            throw invalid(origin, where + ": 'terms' is missing or empty");
        }
        Map<String, Double> terms = weightedTerms(theme.terms(), where, origin);
        Map<String, Double> context = theme.context() == null ? Map.of()
                : weightedTerms(theme.context(), where, origin);
        List<String> exclusions = theme.exclude() == null ? List.of() : theme.exclude();
        for (String exclusion : exclusions) {
            if (exclusion == null || exclusion.isBlank()) {
                throw invalid(origin, where + ": an exclusion is blank");
            }
            checkTermSyntax(exclusion, where, origin);
        }
        double threshold = theme.threshold() == null ? scoring.defaultThreshold() : theme.threshold();
        positive(threshold, where + " threshold", origin);
        return new Theme(theme.slug(), theme.label().trim(), theme.description().trim(), position, threshold,
                terms, context, exclusions.stream().map(String::trim).toList());
    }

    private static Map<String, Double> weightedTerms(Map<String, Double> declared, String where, String origin) {
        Map<String, Double> terms = new LinkedHashMap<>();
        declared.forEach((term, weight) -> {
            if (term == null || term.isBlank()) {
                throw invalid(origin, where + ": a term is blank");
            }
            positive(weight, where + " term '" + term + "' weight", origin);
            checkTermSyntax(term, where, origin);
            terms.put(term.trim(), weight);
        });
        return terms;
    }

    private static void checkTermSyntax(String term, String where, String origin) {
        try {
            TermSyntax.variants(term);
        } catch (IllegalArgumentException e) {
            throw invalid(origin, where + ": " + e.getMessage());
        }
    }

    private static void positive(Double value, String name, String origin) {
        if (value == null || !(value > 0)) {
            throw invalid(origin, "'" + name + "' must be a number above 0");
        }
    }

    private static IllegalArgumentException invalid(String origin, String message) {
        return new IllegalArgumentException("taxonomy " + origin + ": " + message);
    }

    private static String shortHash(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(hash).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** The file's shape, as written; turned into the checked {@link Taxonomy}. */
    record Document(String version, ScoringDocument scoring, List<ThemeDocument> themes) {
    }

    record ScoringDocument(Double titleWeight, Double repeatBonus, Integer maxRepeats, Double defaultThreshold,
            ReadingDocument reading, Double decisiveWeight, Double supportOnlyFactor, Boolean contextCountsOnce) {
    }

    record ReadingDocument(List<String> contributionCues, Double backgroundWeight, Double detailWeight,
            Integer referenceWords, Double lengthExponent) {
    }

    record ThemeDocument(String slug, String label, String description, Double threshold,
            LinkedHashMap<String, Double> terms, LinkedHashMap<String, Double> context, List<String> exclude) {
    }
}
