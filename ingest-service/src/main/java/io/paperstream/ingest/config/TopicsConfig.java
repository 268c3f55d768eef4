package io.paperstream.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The topics ingest writes to ({@code paperstream.topics.*}, shared names across the services). */
@ConfigMapping(prefix = "paperstream.topics")
public interface TopicsConfig {

    /** PaperParsed events keyed by paper id; compacted. */
    @WithDefault("papers.parsed")
    String parsed();

    /** Rejected input of every stage; reason etc. in headers. */
    @WithDefault("papers.dead-letter")
    String deadLetter();

    @WithDefault("3")
    int partitions();

    @WithDefault("14d")
    Duration deadLetterRetention();
}
