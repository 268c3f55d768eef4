package io.paperstream.events;

import java.util.Map;

/**
 * The names of the topics between the services, stated once. They are the defaults of the {@code paperstream.topics.*}
 * settings (see {@link TopicNamesConfigSource}), which a deployment may override; code without configuration (the
 * bench, tests) uses them directly.
 */
public final class TopicNames {

    /** PaperParsed events, written by ingest, keyed by paper id; compacted. */
    public static final String PARSED = "papers.parsed";
    /** PaperEnriched events, written by enrich, keyed by paper id; compacted. */
    public static final String ENRICHED = "papers.enriched";
    /** Rejected input of every stage, the reason in headers (see {@link DeadLetterHeaders}). */
    public static final String DEAD_LETTER = "papers.dead-letter";
    /** ThemeDefinition events of the taxonomy, keyed by slug; compacted. */
    public static final String TAXONOMY = "taxonomy.themes";
    /** A theme's topic is this prefix and its slug (see {@link #themeTopic}). */
    public static final String THEME_PREFIX = "themes.";

    /** The settings these names are the defaults of: {@code paperstream.topics.<key>}. */
    static final Map<String, String> SETTINGS = Map.of(
            "paperstream.topics.parsed", PARSED,
            "paperstream.topics.enriched", ENRICHED,
            "paperstream.topics.dead-letter", DEAD_LETTER,
            "paperstream.topics.taxonomy", TAXONOMY,
            "paperstream.topics.theme-prefix", THEME_PREFIX);

    private TopicNames() {
    }

    /** The topic of the theme {@code slug} under the default prefix. */
    public static String themeTopic(String slug) {
        return THEME_PREFIX + slug;
    }
}
