package io.paperstream.query.catalog.view;

/**
 * A theme of the catalog.
 *
 * @param defined    false for a slug seen on papers but absent from taxonomy.themes (its label is the slug)
 * @param paperCount papers carrying it, exact
 */
public record ThemeSummary(String slug, String label, String description, Integer position, boolean defined,
        long paperCount) {
}
