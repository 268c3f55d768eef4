package io.paperstream.query.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.ThemeTag;

/** Builds PaperEnriched events as the enrich service would publish them. */
public final class Papers {

    private Papers() {
    }

    /** A paper carrying {@code slugs}, with scores decreasing in the given order. */
    public static PaperEnriched paper(String title, String summary, String source, Map<String, Long> related,
            Instant ingestedAt, String... slugs) {
        List<ThemeTag> themes = new ArrayList<>();
        for (int i = 0; i < slugs.length; i++) {
            String slug = slugs[i];
            themes.add(new ThemeTag(slug, labelOf(slug), 0.9 - 0.1 * i, List.of(slug.replace('-', ' '))));
        }
        return new PaperEnriched(PaperEnriched.SCHEMA_VERSION, PaperId.fromTitle(title), title, summary, related,
                "digest-" + source, source, 1, ingestedAt, themes, ingestedAt.plusSeconds(1), Taxonomy.VERSION);
    }

    /** The same paper, enriched again later (a retag) with other themes. */
    public static PaperEnriched retagged(PaperEnriched paper, Instant enrichedAt, String... slugs) {
        PaperEnriched themed = paper(paper.title(), paper.summary(), paper.source(), paper.related(),
                paper.ingestedAt(), slugs);
        return new PaperEnriched(themed.schemaVersion(), themed.id(), themed.title(), themed.summary(),
                themed.related(), themed.digestId(), themed.source(), themed.line(), themed.ingestedAt(),
                themed.themes(), enrichedAt, "test-taxonomy-2");
    }

    private static String labelOf(String slug) {
        try {
            return Taxonomy.label(slug);
        } catch (IllegalArgumentException e) {
            return slug;
        }
    }
}
