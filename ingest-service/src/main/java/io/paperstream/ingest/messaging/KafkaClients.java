package io.paperstream.ingest.messaging;

import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.paperstream.ingest.config.IngestConfig;

/**
 * The service's one producer and one admin client, created on first use rather than at startup: a broker (or a
 * bootstrap host name) that is not there yet must not keep the service from starting, and a failed creation is
 * retried on the next use.
 */
@ApplicationScoped
public class KafkaClients {

    private static final String CLIENT_ID = "paperstream-ingest";

    private final String bootstrapServers;
    private final IngestConfig.Kafka kafka;
    private Producer<String, byte[]> producer;
    private Admin admin;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, IngestConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.kafka = config.kafka();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            try {
                producer = new KafkaProducer<>(producerConfig(bootstrapServers, kafka), new StringSerializer(),
                        new ByteArraySerializer());
            } catch (KafkaException e) {
                throw new BrokerUnavailableException("cannot create a Kafka producer for " + bootstrapServers + ": "
                        + e.getMessage(), e);
            }
        }
        return producer;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            try {
                admin = Admin.create(adminConfig(bootstrapServers, kafka));
            } catch (KafkaException e) {
                throw new BrokerUnavailableException("cannot create a Kafka admin client for " + bootstrapServers
                        + ": " + e.getMessage(), e);
            }
        }
        return admin;
    }

    /**
     * Idempotent, acks from all in-sync replicas, batched and compressed. Every bound is explicit, so a send
     * either completes or fails within {@code delivery-timeout} (+ {@code max-block} for metadata).
     */
    static Map<String, Object> producerConfig(String bootstrapServers, IngestConfig.Kafka kafka) {
        long linger = kafka.linger().toMillis();
        long delivery = kafka.deliveryTimeout().toMillis();
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms; a short delivery timeout wins
        long request = Math.max(1, Math.min(kafka.requestTimeout().toMillis(), delivery - linger));
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) kafka.batchSize().asLongValue());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, kafka.compression());
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, kafka.bufferMemory().asLongValue());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
        return config;
    }

    static Map<String, Object> adminConfig(String bootstrapServers, IngestConfig.Kafka kafka) {
        int timeout = (int) kafka.adminTimeout().toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-admin");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        return config;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(kafka.closeTimeout());
        }
        if (admin != null) {
            admin.close(kafka.closeTimeout());
        }
    }
}
