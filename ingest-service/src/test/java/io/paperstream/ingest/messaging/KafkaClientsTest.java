package io.paperstream.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.digest.ShippedConfig;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The producer as configured by the shipped application.properties (the service's own IngestConfig, not values
 * written here), against a real broker: Kafka accepts the combination and a record sent with it is acknowledged.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class KafkaClientsTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    IngestConfig config;

    @Inject
    KafkaClients clients;

    @Test
    void theShippedProducerSettingsReachKafkaAndARecordSentWithThemIsAcknowledgedByAllReplicas() throws Exception {
        Map<String, Object> producer = KafkaClients.producerConfig(clients.bootstrapServers(), config.kafka());

        // what the service promises whatever the settings: nothing acknowledged before every replica has it
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        ShippedConfig.ingest("paperstream.ingest.kafka.compression"));
        assertThat(sendOne(producer).offset()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aDeliveryTimeoutShorterThanRequestTimeoutPlusLingerStillMakesAProducerThatDelivers() throws Exception {
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms when the producer is built
        Duration delivery = config.kafka().requestTimeout();
        IngestConfig.Kafka shorter = withDeliveryTimeout(config.kafka(), delivery);

        Map<String, Object> producer = KafkaClients.producerConfig(clients.bootstrapServers(), shorter);

        assertThat(producer).containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery.toMillis());
        assertThat(sendOne(producer).offset()).isGreaterThanOrEqualTo(0);
    }

    private static RecordMetadata sendOne(Map<String, Object> config) throws Exception {
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>("kafka-clients-test", UUID.randomUUID().toString(),
                    new byte[] { 1 })).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The shipped settings with another delivery timeout. */
    private static IngestConfig.Kafka withDeliveryTimeout(IngestConfig.Kafka shipped, Duration deliveryTimeout) {
        return (IngestConfig.Kafka) Proxy.newProxyInstance(IngestConfig.Kafka.class.getClassLoader(),
                new Class<?>[] { IngestConfig.Kafka.class }, (proxy, method, args) -> "deliveryTimeout"
                        .equals(method.getName()) ? deliveryTimeout : method.invoke(shipped, args));
    }
}
