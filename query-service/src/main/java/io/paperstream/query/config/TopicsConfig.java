package io.paperstream.query.config;

import java.time.Duration;

import io.paperstream.events.TopicNameSettings;
import io.smallrye.config.ConfigMapping;

/** The topics query-service reads and writes ({@code paperstream.topics.*}). */
@ConfigMapping(prefix = "paperstream.topics")
public interface TopicsConfig extends TopicNameSettings {

    /** Partitions of a topic this service has to create because it is not there yet. */
    int partitions();

    Duration deadLetterRetention();

    /** How long startup waits for the broker to create missing topics. */
    Duration createTimeout();
}
