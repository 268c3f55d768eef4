package io.paperstream.query.catalog.read;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.paperstream.query.catalog.bits.ThemeCombos;
import io.paperstream.query.catalog.bits.ThemeMask;

/**
 * What every read needs besides the rows themselves: the themes (labels, bits) and the theme combinations, as of
 * one catalog version (see {@link CatalogSnapshots}). Immutable.
 */
public record CatalogSnapshot(long version, Instant lastMaterializedAt, Map<String, CatalogTheme> themes,
        ThemeCombos combos) {

    /** True when every theme has a bit, so the combinations count every theme exactly. */
    public boolean everyThemeHasBit() {
        return themes.values().stream().allMatch(theme -> theme.bit() != null);
    }

    public CatalogTheme theme(String slug) {
        return themes.get(slug);
    }

    public boolean knowsTheme(String slug) {
        return themes.containsKey(slug);
    }

    public String label(String slug) {
        CatalogTheme theme = themes.get(slug);
        return theme == null ? slug : theme.label();
    }

    /** The mask of these themes (themes without a bit contribute nothing). */
    public ThemeMask maskOf(Collection<String> slugs) {
        ThemeMask mask = ThemeMask.EMPTY;
        for (String slug : slugs) {
            CatalogTheme theme = themes.get(slug);
            if (theme != null && theme.bit() != null) {
                mask = mask.with(theme.bit());
            }
        }
        return mask;
    }

    /** True when every one of these themes has a bit, so masks describe them exactly. */
    public boolean allHaveBits(Collection<String> slugs) {
        return slugs.stream().allMatch(slug -> themes.containsKey(slug) && themes.get(slug).bit() != null);
    }

    /** The slugs of the bits of a mask, in listing order. */
    public List<String> slugsOf(ThemeMask mask) {
        List<String> slugs = new ArrayList<>();
        for (CatalogTheme theme : themes.values()) {
            if (theme.bit() != null && mask.has(theme.bit())) {
                slugs.add(theme.slug());
            }
        }
        return slugs;
    }
}
