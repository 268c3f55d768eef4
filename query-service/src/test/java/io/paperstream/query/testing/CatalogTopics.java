package io.paperstream.query.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.events.TopicNames;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Produces what enrich would, to the real test broker: plain sends, or papers.enriched written as enrich writes it
 * (exactly-once transactions, so commit markers take offsets too) telling where each record landed.
 */
public final class CatalogTopics {

    public static final String ENRICHED = TopicNames.ENRICHED;
    public static final String TAXONOMY = TopicNames.TAXONOMY;
    public static final String DEAD_LETTER = TopicNames.DEAD_LETTER;
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Where a produced record landed. */
    public record Produced(String key, int partition, long offset) {
    }

    /** A papers.enriched record to produce: the key (a paper id), its value bytes and its partition. */
    public record Outgoing(String key, byte[] value, int partition) {
    }

    private CatalogTopics() {
    }

    public static void publishTaxonomy(KafkaCompanion kafka) {
        List<ProducerRecord<String, String>> records = Taxonomy.definitions().stream()
                .map(CatalogTopics::record).toList();
        send(kafka, records);
    }

    public static void publish(KafkaCompanion kafka, List<PaperEnriched> papers) {
        send(kafka, papers.stream().map(paper -> record(paper, null)).toList());
    }

    public static ProducerRecord<String, String> record(ThemeDefinition definition) {
        return new ProducerRecord<>(TAXONOMY, definition.slug(), json(definition));
    }

    /** @param partition a fixed partition (to order records), or null for the key's */
    public static ProducerRecord<String, String> record(PaperEnriched paper, Integer partition) {
        return new ProducerRecord<>(ENRICHED, partition, paper.id(), json(paper));
    }

    public static void send(KafkaCompanion kafka, List<ProducerRecord<String, String>> records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(TIMEOUT);
    }

    public static String json(Object event) {
        return new String(EventJson.toBytes(event), StandardCharsets.UTF_8);
    }

    /** Produces the records to papers.enriched in one committed transaction; where each landed, in order. */
    public static List<Produced> publishInTransaction(KafkaCompanion kafka, List<Outgoing> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-enriched-writer-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Outgoing record : records) {
                sent.add(producer.send(new ProducerRecord<>(ENRICHED, record.partition(), record.key(), record.value())));
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
            throw new IllegalStateException("producing to " + ENRICHED + " failed", e);
        }
    }
}
