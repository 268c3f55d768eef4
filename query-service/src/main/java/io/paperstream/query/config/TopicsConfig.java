package io.paperstream.query.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The topics query-service reads and writes ({@code paperstream.topics.*}). */
@ConfigMapping(prefix = "paperstream.topics")
public interface TopicsConfig {

    @WithDefault("papers.enriched")
    String enriched();

    @WithDefault("taxonomy.themes")
    String taxonomy();

    @WithDefault("papers.dead-letter")
    String deadLetter();

    /** A theme's topic is this prefix and its slug; the live theme streams read it (enrich writes it). */
    @WithDefault("themes.")
    String themePrefix();

    /** Partitions of a topic this service has to create because it is not there yet. */
    @WithDefault("3")
    int partitions();

    @WithDefault("14d")
    Duration deadLetterRetention();

    /** How long startup waits for the broker to create missing topics. */
    @WithDefault("30s")
    Duration createTimeout();
}
