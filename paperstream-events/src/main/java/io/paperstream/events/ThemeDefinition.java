package io.paperstream.events;

/**
 * One theme of the taxonomy in use, published by the enrich service on the compacted {@code taxonomy.themes}
 * topic (keyed by slug) so that readers of the catalog know every theme, even one no paper carries yet.
 *
 * @param position        the theme's place in the taxonomy (stable order for listings)
 * @param taxonomyVersion version of the taxonomy the definition belongs to
 */
public record ThemeDefinition(String slug, String label, String description, int position, String taxonomyVersion) {
}
