package io.paperstream.enrich.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.paperstream.enrich.tagging.ThemeMatch;

/** What the enrich pipeline counts, exposed at {@code /q/metrics}. */
@Singleton
public class EnrichMetrics {

    static final String PREFIX = "paperstream.enrich.";
    private static final String THEME_TAG = "theme";

    private final MeterRegistry registry;
    private final Counter tagged;
    private final Counter untagged;
    private final Counter deadLettered;
    private final Map<String, Counter> taggedByTheme = new ConcurrentHashMap<>();
    private final Counter themeCopies;
    private final Counter unknownThemes;

    @Inject
    public EnrichMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tagged = Counter.builder(PREFIX + "papers.tagged")
                .description("Papers that the tagger gave at least one theme").register(registry);
        this.untagged = Counter.builder(PREFIX + "papers.untagged")
                .description("Papers about none of the themes").register(registry);
        this.deadLettered = Counter.builder(PREFIX + "papers.dead-lettered")
                .description("Records rejected to papers.dead-letter").register(registry);
        this.themeCopies = Counter.builder(PREFIX + "theme.copies")
                .description("Copies of enriched papers written to themes.<slug> by the theme router")
                .register(registry);
        this.unknownThemes = Counter.builder(PREFIX + "theme.unknown")
                .description("Themes of records on papers.enriched that the taxonomy in use does not have; the "
                        + "theme router copies no paper to them")
                .register(registry);
    }

    /** Counts one tagging of a paper (a re-delivered paper counts again: these are tagging events). */
    public void tagged(List<ThemeMatch> themes) {
        if (themes.isEmpty()) {
            untagged.increment();
            return;
        }
        tagged.increment();
        for (ThemeMatch theme : themes) {
            taggedByTheme.computeIfAbsent(theme.slug(), slug -> Counter.builder(PREFIX + "themes.tagged")
                    .description("Taggings with a theme").tags(Tags.of(THEME_TAG, slug)).register(registry))
                    .increment();
        }
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void themeCopies(int copies) {
        themeCopies.increment(copies);
    }

    public void unknownThemes(int themes) {
        unknownThemes.increment(themes);
    }
}
