package io.paperstream.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.paperstream.ingest.config.IngestConfig;
import io.quarkus.runtime.configuration.MemorySize;

class KafkaClientsTest {

    @Test
    void producerIsIdempotentWaitsForAllReplicasAndBatches() {
        Map<String, Object> config = KafkaClients.producerConfig("127.0.0.1:9092", kafka(Duration.ofSeconds(10)));

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 131072)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        assertStartsWith(config);
    }

    @Test
    void aShortDeliveryTimeoutShortensTheRequestTimeoutSoKafkaAcceptsIt() {
        Map<String, Object> config = KafkaClients.producerConfig("127.0.0.1:9092", kafka(Duration.ofSeconds(2)));

        assertThat((int) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isLessThanOrEqualTo(2_000 - 5);
        assertStartsWith(config);
    }

    /** Kafka validates the combination (delivery >= linger + request) only when a producer is built. */
    private static void assertStartsWith(Map<String, Object> config) {
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            assertThat(producer.metrics()).isNotEmpty();
        }
    }

    /** The shipped defaults, with the delivery timeout under test. */
    private static IngestConfig.Kafka kafka(Duration deliveryTimeout) {
        return new IngestConfig.Kafka() {
            public Duration deliveryTimeout() {
                return deliveryTimeout;
            }

            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration maxBlock() {
                return Duration.ofSeconds(5);
            }

            public Duration ackGrace() {
                return Duration.ofSeconds(1);
            }

            public Duration linger() {
                return Duration.ofMillis(5);
            }

            public MemorySize batchSize() {
                return new MemorySize(BigInteger.valueOf(128 * 1024));
            }

            public String compression() {
                return "lz4";
            }

            public MemorySize bufferMemory() {
                return new MemorySize(BigInteger.valueOf(32L * 1024 * 1024));
            }

            public Duration adminTimeout() {
                return Duration.ofSeconds(3);
            }

            public Duration topicRetryInterval() {
                return Duration.ofSeconds(5);
            }

            public Duration closeTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
