package io.paperstream.query.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.ThemeDefinition;
import io.paperstream.query.catalog.write.CatalogWriter;
import io.paperstream.query.metrics.MaterializationMetrics;
import io.smallrye.common.annotation.Blocking;

/**
 * Materializes taxonomy.themes into the theme table (upsert by slug). A handful of records per taxonomy, so one at
 * a time. The channel commits no offsets: the compacted topic is re-read whole at every start, which re-defines
 * every theme even in a freshly emptied catalog, and changes nothing otherwise (the upsert only writes what
 * differs).
 */
@ApplicationScoped
public class ThemeDefinitionConsumer {

    @Inject
    CatalogWriter writer;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    MaterializationMetrics metrics;

    @Incoming("taxonomy-themes")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null && !EnrichedPaperDecoder.hasNul(record.key())) {
                writer.undefine(record.key());
            }
            return;
        }
        ThemeDefinition definition;
        try {
            definition = EventJson.fromBytes(record.value(), ThemeDefinition.class);
        } catch (InvalidEventException e) {
            reject(record, e.getMessage());
            return;
        }
        String problem = problemOf(definition, record.key());
        if (problem != null) {
            reject(record, problem);
            return;
        }
        try {
            writer.define(definition);
        } catch (RuntimeException e) {
            if (!CatalogFailures.causedByData(e)) {
                throw e;
            }
            reject(record, CatalogFailures.describe(e));
        }
    }

    static String problemOf(ThemeDefinition definition, String key) {
        if (definition.slug() == null || definition.slug().isBlank()) {
            return "the theme definition has no slug";
        }
        if (key != null && !key.equals(definition.slug())) {
            return "the record key '" + key + "' is not the theme slug '" + definition.slug() + "'";
        }
        if (EnrichedPaperDecoder.hasNul(definition.slug(), definition.label(), definition.description(),
                definition.taxonomyVersion())) {
            return "the theme definition holds a NUL character, which the catalog cannot store";
        }
        return null;
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.publish(record, record.value(), reason, null);
        metrics.deadLettered();
    }
}
