package io.paperstream.enrich.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the enrich stream is RUNNING: Quarkus' own Kafka Streams state check is a liveness check (it
 * also accepts REBALANCING), so without this, readiness would not say whether papers are being enriched.
 */
@Readiness
@Singleton
public class StreamsReadinessCheck implements HealthCheck {

    private final KafkaStreams streams;

    @Inject
    public StreamsReadinessCheck(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("Enrich stream").status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name()).build();
    }
}
