package io.paperstream.ingest.health;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.messaging.IngestTopics;
import io.paperstream.ingest.messaging.KafkaClients;

/**
 * Ready when the broker answers a cluster description within the admin timeout and the topics exist: before
 * that, a POST would only get 503.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    static final String NAME = "kafka-broker";

    private final KafkaClients clients;
    private final IngestTopics topics;
    private final long timeoutMillis;

    public BrokerReadinessCheck(KafkaClients clients, IngestTopics topics, IngestConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.timeoutMillis = config.kafka().adminTimeout().toMillis();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME)
                .withData("bootstrap.servers", clients.bootstrapServers());
        try {
            Collection<Node> nodes = clients.admin()
                    .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                    .nodes()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            health.withData("nodes", nodes.size());
            health.withData("topics", topics.ready() ? "created" : "pending: " + topics.lastError());
            return health.status(!nodes.isEmpty() && topics.ready()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return health.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
