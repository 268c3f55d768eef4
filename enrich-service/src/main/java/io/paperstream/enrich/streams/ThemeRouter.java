package io.paperstream.enrich.streams;

import java.time.Duration;
import java.util.Properties;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

import io.paperstream.enrich.config.EnrichConfig;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The theme router: a second Kafka Streams application in the service, with an application id of its own
 * ({@code paperstream.theme-router.application-id}), that copies {@code papers.enriched} to {@code themes.<slug>}
 * ({@link ThemeRouterTopology}). It takes every setting of the enrich stream as Quarkus built it (bootstrap servers,
 * security and every {@code kafka-streams.*} pass-through: exactly-once, commit interval, timeouts), so the two
 * cannot drift apart; only the application id differs. Its own consumer group keeps its own offsets on
 * {@code papers.enriched}: resetting the enrich application for a retag does not make it copy every paper again.
 */
@Singleton
public class ThemeRouter {

    private static final Logger LOG = Logger.getLogger(ThemeRouter.class);

    private final Properties properties = new Properties();
    private final Topology topology;
    private final Duration closeTimeout;
    private volatile KafkaStreams streams;

    @Inject
    ThemeRouter(StreamsConfig enrichStreams, EnrichConfig config, EnrichMetrics metrics) {
        properties.putAll(enrichStreams.originals());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.themeRouter().applicationId());
        this.topology = ThemeRouterTopology.build(StreamTopics.from(config.topics()), metrics);
        this.closeTimeout = config.themeRouter().closeTimeout();
    }

    /** After the topics exist ({@code TopicProvisioner}): its input and every theme topic. */
    void onStart(@Observes @Priority(ObserverMethod.DEFAULT_PRIORITY) StartupEvent event) {
        KafkaStreams router = new KafkaStreams(topology, properties);
        streams = router;
        router.start();
        LOG.infof("Theme router %s started", properties.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaStreams router = streams;
        if (router != null && !router.close(closeTimeout)) {
            LOG.warnf("Theme router not closed within %s", closeTimeout);
        }
    }

    /** The router's Kafka Streams state; CREATED before it starts. */
    public KafkaStreams.State state() {
        KafkaStreams router = streams;
        return router == null ? KafkaStreams.State.CREATED : router.state();
    }

    public String applicationId() {
        return properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }
}
