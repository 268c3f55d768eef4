package io.paperstream.enrich.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.paperstream.enrich.config.EnrichConfig;
import io.paperstream.enrich.tagging.Taxonomy;
import io.paperstream.enrich.tagging.Theme;
import io.paperstream.events.JsonSerde;
import io.paperstream.events.ThemeDefinition;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes every theme of the taxonomy in use to the compacted {@code taxonomy.themes} topic at startup (keyed by
 * slug), and a tombstone for every slug found there that the taxonomy no longer has, so that readers of the catalog
 * know exactly the themes in use, including those no paper carries yet.
 */
@Singleton
public class TaxonomyPublisher {

    private static final Logger LOG = Logger.getLogger(TaxonomyPublisher.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final EnrichConfig config;
    private final Taxonomy taxonomy;
    private final String bootstrapServers;

    @Inject
    TaxonomyPublisher(EnrichConfig config, Taxonomy taxonomy,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.taxonomy = taxonomy;
        this.bootstrapServers = bootstrapServers;
    }

    /** After the topics exist (see {@link TopicProvisioner}). */
    void onStart(@Observes @Priority(TopicProvisioner.BEFORE_STREAMS + 1) StartupEvent event) {
        String topic = config.topics().taxonomy();
        Duration timeout = config.kafka().startupTimeout();
        Set<String> stale = publishedSlugs(topic, timeout);
        try (KafkaProducer<String, ThemeDefinition> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis()),
                new StringSerializer(), new JsonSerde.ThemeDefinitionSerde())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Theme theme : taxonomy.themes()) {
                stale.remove(theme.slug());
                sends.add(producer.send(new ProducerRecord<>(topic, theme.slug(), new ThemeDefinition(theme.slug(),
                        theme.label(), theme.description(), theme.position(), taxonomy.version()))));
            }
            for (String slug : stale) {
                sends.add(producer.send(new ProducerRecord<>(topic, slug, null)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the taxonomy to " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the taxonomy", e);
        }
        LOG.infof("Published %d themes of taxonomy %s to %s%s", taxonomy.themes().size(), taxonomy.version(), topic,
                stale.isEmpty() ? "" : ", retired " + stale);
    }

    /** The slugs currently defined on the topic: everything up to its end offsets, tombstones applied. */
    private Set<String> publishedSlugs(String topic, Duration timeout) {
        Set<String> slugs = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        slugs.remove(record.key());
                    } else {
                        slugs.add(record.key());
                    }
                }
            }
        }
        return slugs;
    }
}
