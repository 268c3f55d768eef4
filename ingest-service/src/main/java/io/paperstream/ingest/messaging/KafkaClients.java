package io.paperstream.ingest.messaging;

import java.time.Duration;
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
import org.jboss.logging.Logger;

import io.paperstream.ingest.config.IngestConfig;

/**
 * The service's one producer and one admin client, created on first use rather than at startup: a broker (or a
 * bootstrap host name) that is not there yet must not keep the service from starting, and a failed creation is
 * retried on the next use.
 * <p>
 * A producer can break for good while the service runs: its I/O thread dies of an {@link Error} (an
 * OutOfMemoryError under a hostile load did that, and every later send then waited out its timeout), it is closed,
 * or it reports a fatal error. {@link #producerProblem()} says so (readiness reports it), and the next
 * {@link #producer()} or {@link #replaceBrokenProducer()} replaces the broken producer with a new one.
 */
@ApplicationScoped
public class KafkaClients {

    private static final Logger LOG = Logger.getLogger(KafkaClients.class);
    private static final String CLIENT_ID = "paperstream-ingest";

    private final String bootstrapServers;
    private final IngestConfig.Kafka kafka;
    private Producer<String, byte[]> producer;
    /** The producer's I/O thread: once it is dead, nothing sent is ever delivered or even timed out. */
    private Thread producerThread;
    /** Why the current producer is broken (a fatal error it reported), or null. */
    private String fatalError;
    /** Producers created so far; later ones get a numbered client id, so that their I/O thread can be found. */
    private int generation;
    private Admin admin;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, IngestConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.kafka = config.kafka();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The producer, replacing it first if it is broken. */
    public synchronized Producer<String, byte[]> producer() {
        replaceBrokenProducer();
        if (producer == null) {
            String clientId = generation == 0 ? CLIENT_ID : CLIENT_ID + "-" + generation;
            Map<String, Object> config = producerConfig(bootstrapServers, kafka);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            try {
                producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            } catch (KafkaException e) {
                throw new BrokerUnavailableException("cannot create a Kafka producer for " + bootstrapServers + ": "
                        + e.getMessage(), e);
            }
            generation++;
            fatalError = null;
            producerThread = ioThread(clientId);
            if (producerThread == null) {
                LOG.warnf("The I/O thread of Kafka producer %s was not found: its death could not be noticed",
                        clientId);
            }
        }
        return producer;
    }

    /**
     * Why the current producer can deliver nothing any more, or null when it can (or none exists yet).
     */
    public synchronized String producerProblem() {
        if (producer == null) {
            return null;
        }
        if (fatalError != null) {
            return fatalError;
        }
        if (producerThread != null && !producerThread.isAlive()) {
            return "the producer's I/O thread " + producerThread.getName() + " is dead";
        }
        return null;
    }

    /** Closes a broken producer, so that the next {@link #producer()} creates a new one; returns the problem. */
    public synchronized String replaceBrokenProducer() {
        String problem = producerProblem();
        if (problem != null) {
            LOG.warnf("Replacing the Kafka producer: %s", problem);
            try {
                // nothing it holds can be delivered any more: no reason to wait for it
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf(e, "Closing the broken producer failed");
            }
            producer = null;
            producerThread = null;
            fatalError = null;
        }
        return problem;
    }

    /** A send on {@code failed} ended in an error that no retry on that producer can mend. */
    public synchronized void reportFatal(Producer<String, byte[]> failed, Throwable error) {
        if (failed == producer && fatalError == null) {
            fatalError = "the producer reported a fatal error: " + error.getClass().getSimpleName() + ": "
                    + error.getMessage();
        }
    }

    /** Kafka names a producer's I/O thread after its client id; a new producer has just started it. */
    private static Thread ioThread(String clientId) {
        String name = KafkaProducer.NETWORK_THREAD_PREFIX + " | " + clientId;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .findFirst()
                .orElse(null);
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
