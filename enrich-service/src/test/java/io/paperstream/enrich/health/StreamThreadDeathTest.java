package io.paperstream.enrich.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paperstream.enrich.streams.BoundedThreadReplacement;
import io.paperstream.enrich.streams.ThemeRouter;
import io.paperstream.events.KafkaTopics;
import io.paperstream.testing.KafkaBrokerResource;

/**
 * A Kafka Streams application whose stream thread dies on every attempt, on the real test broker: its thread is
 * replaced the configured number of times, then the client shuts down, and the health checks of the service say
 * DOWN instead of UP. The failure is a processor that always throws with no processing exception handler, the way a
 * fault no processor catches kills a stream thread (Awaitility is told not to fail on the threads' deaths: they
 * are the point).
 */
class StreamThreadDeathTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int MAX_REPLACEMENTS = 2;
    /** On the broker: each replacement waits for the group to drop the dead thread. */
    private static final int MAX_REPLACEMENTS_ON_BROKER = 1;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String input = "thread-death-" + run;
    private final String bootstrapServers = KafkaBrokerResource.bootstrapServers();
    private final List<Runnable> closers = new ArrayList<>();

    @BeforeEach
    void createInputWithOneRecord() {
        KafkaTopics.ensure(bootstrapServers, List.of(KafkaTopics.Spec.compacted(input, 1)), TIMEOUT);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(input, "key", "a record every thread dies on"));
        }
    }

    @AfterEach
    void close() {
        closers.forEach(Runnable::run);
    }

    @Test
    void boundedReplacementReplacesAThreadThatDiesThenShutsTheClientDown() {
        BoundedThreadReplacement handler = new BoundedThreadReplacement("test", MAX_REPLACEMENTS);
        List<StreamThreadExceptionResponse> responses = new ArrayList<>();
        for (int death = 0; death <= MAX_REPLACEMENTS; death++) {
            responses.add(handler.handle(new IllegalStateException("death " + death)));
        }

        assertThat(responses).containsExactly(StreamThreadExceptionResponse.REPLACE_THREAD,
                StreamThreadExceptionResponse.REPLACE_THREAD, StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void anEnrichStreamWhoseThreadsKeepDyingEndsInErrorAndIsNotReady() {
        List<StreamThreadExceptionResponse> responses = new CopyOnWriteArrayList<>();
        BoundedThreadReplacement bounded = new BoundedThreadReplacement("test enrich", MAX_REPLACEMENTS_ON_BROKER);
        KafkaStreams streams = new KafkaStreams(failingTopology(), properties("enrich-death-" + run));
        streams.setUncaughtExceptionHandler(exception -> {
            StreamThreadExceptionResponse response = bounded.handle(exception);
            responses.add(response);
            return response;
        });
        closers.add(() -> streams.close(TIMEOUT));
        StreamsReadinessCheck readiness = new StreamsReadinessCheck(streams);
        streams.start();

        await().dontCatchUncaughtExceptions().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.ERROR);

        assertThat(responses).as("each death of the thread, on the same record")
                .hasSize(MAX_REPLACEMENTS_ON_BROKER + 1)
                .endsWith(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(readiness.call().getData().orElseThrow()).containsEntry("state", "ERROR");
    }

    @Test
    void aThemeRouterWhoseThreadsKeepDyingEndsInErrorAndIsNeitherLiveNorReady() {
        ThemeRouter router = new ThemeRouter(properties("router-death-" + run), failingTopology(), TIMEOUT,
                MAX_REPLACEMENTS_ON_BROKER);
        closers.add(router::close);
        ThemeRouterLivenessCheck liveness = new ThemeRouterLivenessCheck(router);
        ThemeRouterReadinessCheck readiness = new ThemeRouterReadinessCheck(router);
        assertThat(liveness.call().getStatus()).as("not started yet, not broken")
                .isEqualTo(HealthCheckResponse.Status.UP);
        router.start();

        await().dontCatchUncaughtExceptions().atMost(TIMEOUT).until(() -> router.state() == KafkaStreams.State.ERROR);

        assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(liveness.call().getData().orElseThrow()).containsEntry("state", "ERROR");
    }

    private Topology failingTopology() {
        return new Topology()
                .addSource("input", Serdes.String().deserializer(), Serdes.String().deserializer(), input)
                .addProcessor("always-fails", AlwaysFails::new, "input");
    }

    private static final class AlwaysFails implements Processor<String, String, Void, Void> {

        @Override
        public void process(Record<String, String> record) {
            throw new IllegalStateException("a fault no processor catches");
        }
    }

    private Properties properties(String applicationId) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, "target/thread-death-state");
        properties.put("consumer.auto.offset.reset", "earliest");
        // as the service: a replaced thread joins the group once the dead one's session has expired
        properties.put("consumer.session.timeout.ms", 6000);
        properties.put("consumer.heartbeat.interval.ms", 2000);
        return properties;
    }
}
