package io.paperstream.query.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.events.TopicNames;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Produces what enrich would, to the real test broker. */
public final class CatalogTopics {

    public static final String ENRICHED = TopicNames.ENRICHED;
    public static final String TAXONOMY = TopicNames.TAXONOMY;
    public static final String DEAD_LETTER = TopicNames.DEAD_LETTER;
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

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
}
