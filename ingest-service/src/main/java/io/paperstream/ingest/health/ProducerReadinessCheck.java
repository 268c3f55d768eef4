package io.paperstream.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.paperstream.ingest.messaging.KafkaClients;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Down while the Kafka producer is broken (its I/O thread died, it was closed, or it reported a fatal error):
 * every POST would then wait out its timeout and answer 503, so the service must not call itself ready. The
 * check that finds it broken also replaces it, so the next check (and the next POST) has a working producer
 * again, without a restart and without waiting for a POST to notice.
 */
@Readiness
@ApplicationScoped
public class ProducerReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "kafka-producer";

    private final KafkaClients clients;

    public ProducerReadinessCheck(KafkaClients clients) {
        this.clients = clients;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // closing and creating a producer blocks briefly: never on the event loop that runs health checks
        return Uni.createFrom().item(clients::replaceBrokenProducer)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(problem -> {
                    HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME);
                    return problem == null ? health.up().build()
                            : health.down().withData("error", problem + "; replaced by a new producer").build();
                });
    }
}
