package io.paperstream.ingest.config;

import java.time.Duration;

import io.paperstream.events.TopicNameSettings;
import io.smallrye.config.ConfigMapping;

/** The topics ingest writes to ({@code paperstream.topics.*}, shared names across the services). */
@ConfigMapping(prefix = "paperstream.topics")
public interface TopicsConfig extends TopicNameSettings {

    int partitions();

    Duration deadLetterRetention();
}
