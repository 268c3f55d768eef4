package io.paperstream.enrich.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The enrich service's own settings ({@code paperstream.*} in application.properties). */
@ConfigMapping(prefix = "paperstream")
public interface EnrichConfig {

    Topics topics();

    Taxonomy taxonomy();

    Kafka kafka();

    ThemeRouter themeRouter();

    Streams streams();

    interface Topics {

        /** Input: PaperParsed JSON keyed by paper id (compacted; created by ingest, or by enrich if missing). */
        String parsed();

        /** Output: PaperEnriched JSON keyed by paper id (compacted). */
        String enriched();

        /** Rejected input of every stage. */
        String deadLetter();

        /** ThemeDefinition JSON keyed by slug (compacted), published at startup. */
        String taxonomy();

        /** Prefix of the per-theme topics: {@code themes.<slug>}. */
        String themePrefix();

        /** Partitions of the topics this service creates. */
        int partitions();

        /** Partitions of each {@code themes.<slug>} topic. */
        int themePartitions();

        Duration themeRetention();

        Duration deadLetterRetention();
    }

    interface Taxonomy {

        /** A taxonomy YAML file replacing the default one shipped in the service. */
        Optional<Path> path();
    }

    /** Broker interaction of the service's own clients; the bootstrap servers are {@code kafka.bootstrap.servers}. */
    interface Kafka {

        /** How long startup waits for the broker to create topics and take the taxonomy. */
        Duration startupTimeout();

        /** How long the readiness check waits for the broker to answer. */
        Duration healthTimeout();
    }

    /** What both Kafka Streams applications do when one of their stream threads dies, and how they pace commits. */
    interface Streams {

        /**
         * How many times a dead stream thread is replaced by a new one before the application shuts down (its
         * health then reports DOWN): a fault that comes back on every new thread must not loop for ever.
         */
        int maxThreadReplacements();

        /**
         * How often a stream that keeps up with its input ends its transaction, so that a fresh paper becomes visible
         * soon; a stream working through a backlog commits every {@code kafka-streams.commit.interval.ms} instead.
         */
        Duration caughtUpCommitInterval();

        /** A record younger than this (since it was produced) tells that its stream keeps up with its input. */
        Duration caughtUpAge();
    }

    /** The Kafka Streams application that copies {@code papers.enriched} to {@code themes.<slug>}. */
    interface ThemeRouter {

        /** Its consumer group and transactional id prefix; never reset for a retag (see README). */
        String applicationId();

        /** How long shutdown waits for it to commit and leave its group. */
        Duration closeTimeout();

        /**
         * Its own {@link Streams#caughtUpCommitInterval()}: how often the router, keeping up, ends its transaction (its
         * copies feed theme-topic subscribers only; the catalog and its live streams read {@code papers.enriched}).
         */
        Duration caughtUpCommitInterval();
    }
}
