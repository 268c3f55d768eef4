package io.paperstream.query.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** The topics query-service reads and writes ({@code paperstream.topics.*}). */
@ConfigMapping(prefix = "paperstream.topics")
public interface TopicsConfig {

    String enriched();

    String taxonomy();

    String deadLetter();

    /** A theme's topic is this prefix and its slug; the live theme streams read it (enrich writes it). */
    String themePrefix();

    /** Partitions of a topic this service has to create because it is not there yet. */
    int partitions();

    Duration deadLetterRetention();

    /** How long startup waits for the broker to create missing topics. */
    Duration createTimeout();
}
