package io.paperstream.ingest.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.messaging.IngestTopics;
import io.paperstream.ingest.messaging.KafkaClients;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready when the broker answers a cluster description within the admin timeout and the topics exist: before
 * that, a POST would only get 503. Asynchronous, so a silent broker never holds an event-loop thread.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "kafka-broker";

    private final KafkaClients clients;
    private final IngestTopics topics;
    private final Duration timeout;

    public BrokerReadinessCheck(KafkaClients clients, IngestTopics topics, IngestConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.timeout = config.kafka().adminTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME)
                .withData("bootstrap.servers", clients.bootstrapServers());
        return Uni.createFrom()
                .completionStage(() -> clients.admin()
                        .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                        .nodes()
                        .toCompletionStage())
                // the admin call has its own timeout; this one only guards against it never completing
                .ifNoItem().after(timeout.multipliedBy(2)).fail()
                .map(nodes -> health
                        .withData("nodes", nodes.size())
                        .withData("topics", topics.ready() ? "created" : "pending: " + topics.lastError())
                        .status(!nodes.isEmpty() && topics.ready())
                        .build())
                .onFailure().recoverWithItem(failure -> health.down()
                        .withData("error", failure.getClass().getSimpleName() + ": " + failure.getMessage())
                        .build());
    }
}
