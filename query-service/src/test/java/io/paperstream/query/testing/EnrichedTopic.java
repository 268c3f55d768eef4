package io.paperstream.query.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.paperstream.events.TopicNames;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Writes papers.enriched as enrich does (exactly-once transactions, so commit markers take offsets too), and tells
 * where each record landed: what the theme streams read.
 */
public final class EnrichedTopic {

    public static final String TOPIC = TopicNames.ENRICHED;

    /** Where a produced record landed. */
    public record Produced(String key, int partition, long offset) {
    }

    /** A record to produce: the key (a paper id), its value bytes and its partition. */
    public record Outgoing(String key, byte[] value, int partition) {
    }

    private EnrichedTopic() {
    }

    /** Produces the records in one committed transaction; returns where each landed, in the same order. */
    public static List<Produced> publish(KafkaCompanion kafka, List<Outgoing> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-enriched-writer-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Outgoing record : records) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, record.partition(), record.key(), record.value())));
            }
            producer.commitTransaction();
            List<Produced> produced = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = sent.get(i).get();
                produced.add(new Produced(records.get(i).key(), metadata.partition(), metadata.offset()));
            }
            return produced;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing to " + TOPIC + " failed", e);
        }
    }
}
