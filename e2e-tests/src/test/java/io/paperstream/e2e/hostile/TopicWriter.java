package io.paperstream.e2e.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes raw record values straight to a topic, as any local process with broker access can: no service's
 * validation in between. Waits for the broker's acknowledgement of each.
 */
final class TopicWriter {

    /** Producer defaults otherwise: a value must fit its 1 MiB max.request.size, as it would for an intruder. */
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private TopicWriter() {
    }

    /** Writes {@code values} (key to bytes, in order) and returns once all are acknowledged. */
    static void write(String bootstrapServers, String topic, Map<String, byte[]> values) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "e2e-hostile-writer"),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            values.forEach((key, value) -> sends.add(producer.send(new ProducerRecord<>(topic, key, value))));
            for (Future<RecordMetadata> send : sends) {
                send.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
