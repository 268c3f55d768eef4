package io.paperstream.e2e.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.paperstream.events.DeadLetterHeaders;

/**
 * Reads {@code papers.dead-letter} from its beginning (committed records only: enrich writes it in transactions)
 * and remembers every dead letter by key, with the shared headers that say why and where. Polled on demand.
 */
final class DeadLetterWatch implements AutoCloseable {

    /** One dead letter: the record's key, the reason and stage headers, the topic it was read from. */
    record DeadLetter(String key, String reason, String stage, String originalTopic, int valueBytes) {
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Map<String, List<DeadLetter>> byKey = new ConcurrentHashMap<>();
    private boolean assigned;

    DeadLetterWatch(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "e2e-hostile-dead-letters"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads whatever arrived since the last call; the topic may not exist yet. */
    synchronized void refresh() {
        if (!assigned) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> all = new ArrayList<>();
            partitions.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            consumer.assign(all);
            consumer.seekToBeginning(all);
            assigned = true;
        }
        ConsumerRecords<String, byte[]> records;
        do {
            records = consumer.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                DeadLetter letter = new DeadLetter(record.key(),
                        DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON),
                        DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.STAGE),
                        DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC),
                        record.value() == null ? 0 : record.value().length);
                byKey.computeIfAbsent(String.valueOf(record.key()), k -> new CopyOnWriteArrayList<>()).add(letter);
            }
        } while (!records.isEmpty());
    }

    /** Dead letters of this key so far (call {@link #refresh()} first). */
    List<DeadLetter> of(String key) {
        return List.copyOf(byKey.getOrDefault(key, List.of()));
    }

    /** The first dead letter of the key that carries a reason, or null. */
    DeadLetter withReason(String key) {
        return of(key).stream().filter(d -> d.reason() != null && !d.reason().isBlank()).findFirst().orElse(null);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
