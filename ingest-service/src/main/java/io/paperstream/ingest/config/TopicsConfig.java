package io.paperstream.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** The topics ingest writes to ({@code paperstream.topics.*}, shared names across the services). */
@ConfigMapping(prefix = "paperstream.topics")
public interface TopicsConfig {

    /** PaperParsed events keyed by paper id; compacted. */
    String parsed();

    /** Rejected input of every stage; reason etc. in headers. */
    String deadLetter();

    int partitions();

    Duration deadLetterRetention();
}
