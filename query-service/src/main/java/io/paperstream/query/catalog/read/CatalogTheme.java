package io.paperstream.query.catalog.read;

import io.paperstream.query.catalog.entity.ThemeEntity;

/** A theme as the catalog knows it (a detached copy of {@link ThemeEntity}, safe to share between threads). */
public record CatalogTheme(String slug, String label, String description, Integer position, Integer bit,
        boolean defined, String taxonomyVersion) {

    static CatalogTheme of(ThemeEntity theme) {
        return new CatalogTheme(theme.slug, theme.label, theme.description, theme.position,
                theme.bit, theme.defined, theme.taxonomyVersion);
    }
}
