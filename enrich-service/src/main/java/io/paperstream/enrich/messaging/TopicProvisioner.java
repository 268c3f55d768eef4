package io.paperstream.enrich.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.paperstream.enrich.config.EnrichConfig;
import io.paperstream.enrich.tagging.Taxonomy;
import io.paperstream.enrich.tagging.Theme;
import io.paperstream.events.KafkaTopics;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates, at startup, every topic the service writes, and its input if ingest has not created it yet (so the
 * services can start in any order). It runs before Kafka Streams starts: the stream waits for its input topic,
 * which this creates last, so every output topic exists with its chosen settings before the first record flows.
 */
@Singleton
public class TopicProvisioner {

    /** Before Quarkus' Kafka Streams startup observer, which has the default priority. */
    static final int BEFORE_STREAMS = ObserverMethod.DEFAULT_PRIORITY - 200;
    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final EnrichConfig config;
    private final Taxonomy taxonomy;
    private final String bootstrapServers;

    @Inject
    TopicProvisioner(EnrichConfig config, Taxonomy taxonomy,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.taxonomy = taxonomy;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes @Priority(BEFORE_STREAMS) StartupEvent event) {
        EnrichConfig.Topics topics = config.topics();
        int partitions = topics.partitions();
        List<KafkaTopics.Spec> outputs = new ArrayList<>();
        outputs.add(KafkaTopics.Spec.compacted(topics.enriched(), partitions));
        outputs.add(KafkaTopics.Spec.compacted(topics.taxonomy(), partitions));
        outputs.add(KafkaTopics.Spec.retained(topics.deadLetter(), partitions, topics.deadLetterRetention()));
        for (Theme theme : taxonomy.themes()) {
            outputs.add(KafkaTopics.Spec.retained(topics.themePrefix() + theme.slug(), topics.themePartitions(),
                    topics.themeRetention()));
        }
        KafkaTopics.ensure(bootstrapServers, outputs, config.kafka().startupTimeout());
        KafkaTopics.ensure(bootstrapServers, List.of(KafkaTopics.Spec.compacted(topics.parsed(), partitions)),
                config.kafka().startupTimeout());
        LOG.infof("Topics ready: %s and %d theme topics, reading %s", topics.enriched(), taxonomy.themes().size(),
                topics.parsed());
    }
}
