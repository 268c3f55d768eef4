package io.paperstream.enrich.tagging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One theme of a {@link Taxonomy} with its matching rules.
 *
 * @param position   0-based place of the theme in the taxonomy file (stable order for listings)
 * @param threshold  the score a paper must reach for the theme, in weighted term hits
 * @param terms      term as written in the taxonomy → weight; see the taxonomy file for the term syntax
 * @param context    terms that add their weight only when at least one of {@link #terms()} is found: words
 *                   such as "LLM" that make a theme likelier but are no subject on their own
 * @param exclusions phrases that cancel any term of this theme lying inside them ("mode collapse" cancels
 *                   "collapse")
 */
public record Theme(String slug, String label, String description, int position, double threshold,
        Map<String, Double> terms, Map<String, Double> context, List<String> exclusions) {

    public Theme {
        // keep the file's order: it decides the order of equally weighted terms in "matched"
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
        exclusions = List.copyOf(exclusions);
    }
}
