package io.paperstream.enrich.streams;

import java.time.Duration;
import java.util.Properties;
import java.util.stream.Collectors;

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
import io.paperstream.enrich.tagging.Taxonomy;
import io.paperstream.enrich.tagging.Theme;
import io.paperstream.events.PaperLimits;
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

    private final Properties properties;
    private final Topology topology;
    private final Duration closeTimeout;
    private final int maxThreadReplacements;
    private volatile KafkaStreams streams;

    @Inject
    ThemeRouter(StreamsConfig enrichStreams, EnrichConfig config, Taxonomy taxonomy, PaperLimits limits,
            EnrichMetrics metrics) {
        this(routerProperties(enrichStreams, config), ThemeRouterTopology.build(StreamTopics.from(config.topics()),
                taxonomy.themes().stream().map(Theme::slug).collect(Collectors.toSet()), limits, metrics,
                new CommitPacing.Settings(config.themeRouter().caughtUpCommitInterval(),
                        config.streams().caughtUpAge())),
                config.themeRouter().closeTimeout(), config.streams().maxThreadReplacements());
    }

    /** A router running {@code topology} with {@code properties} (their application id is the router's). */
    public ThemeRouter(Properties properties, Topology topology, Duration closeTimeout, int maxThreadReplacements) {
        this.properties = properties;
        this.topology = topology;
        this.closeTimeout = closeTimeout;
        this.maxThreadReplacements = maxThreadReplacements;
    }

    private static Properties routerProperties(StreamsConfig enrichStreams, EnrichConfig config) {
        Properties properties = new Properties();
        properties.putAll(enrichStreams.originals());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.themeRouter().applicationId());
        return properties;
    }

    /** After the topics exist ({@code TopicProvisioner}): its input and every theme topic. */
    void onStart(@Observes @Priority(ObserverMethod.DEFAULT_PRIORITY) StartupEvent event) {
        start();
    }

    public void start() {
        KafkaStreams router = new KafkaStreams(topology, properties);
        router.setUncaughtExceptionHandler(new BoundedThreadReplacement("Theme router " + applicationId(),
                maxThreadReplacements));
        streams = router;
        router.start();
        LOG.infof("Theme router %s started", applicationId());
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    public void close() {
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
