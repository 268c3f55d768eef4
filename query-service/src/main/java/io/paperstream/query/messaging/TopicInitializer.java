package io.paperstream.query.messaging;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.paperstream.events.KafkaTopics;
import io.paperstream.query.config.TopicsConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure the topics this service reads and writes exist with the shared settings before the channels start,
 * whichever service comes up first: the compacted inputs (normally created by enrich; identical specs) and
 * papers.dead-letter. Existing topics are left as they are. The consumers never auto-create topics, so a topic
 * cannot appear with the broker's default (non-compacted) settings.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    @Inject
    TopicsConfig topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Runs before the messaging channels start (they observe the same event at a later priority). */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<KafkaTopics.Spec> specs = List.of(
                KafkaTopics.Spec.compacted(topics.enriched(), topics.partitions()),
                KafkaTopics.Spec.compacted(topics.taxonomy(), topics.partitions()),
                KafkaTopics.Spec.retained(topics.deadLetter(), topics.partitions(), topics.deadLetterRetention()));
        try {
            KafkaTopics.ensure(bootstrapServers, specs, topics.createTimeout());
        } catch (IllegalStateException e) {
            // the consumers wait for the topics; readiness reports the broker until it is back
            LOG.warnf("could not check or create topics %s: %s", specs, e.getMessage());
        }
    }
}
