package io.paperstream.events;

/**
 * The topic names as settings ({@code paperstream.topics.parsed}, ...; defaults from {@link TopicNames}). A service's
 * {@code @ConfigMapping(prefix = "paperstream.topics")} extends this, so every service maps every name the shared
 * defaults give, whether or not it uses it.
 */
public interface TopicNameSettings {

    /** PaperParsed events keyed by paper id; compacted. */
    String parsed();

    /** PaperEnriched events keyed by paper id; compacted. */
    String enriched();

    /** Rejected input of every stage; reason etc. in headers. */
    String deadLetter();

    /** The taxonomy's ThemeDefinition events keyed by slug; compacted. */
    String taxonomy();

    /** A theme's topic is this prefix and its slug. */
    String themePrefix();
}
