package io.paperstream.query.messaging;

import java.util.Objects;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import io.quarkus.arc.Arc;

/**
 * The value deserializer of the papers-enriched channel: decodes on the consumer's fetch path, so the batch
 * method (and its database transaction) gets records that are already decoded and validated against
 * {@link EnrichedLimits}. Never throws: a poison value becomes {@link EnrichedRecord.Rejected}, which keeps its
 * original bytes for the dead letter, and consumption goes on.
 */
public class EnrichedRecordDeserializer implements Deserializer<EnrichedRecord> {

    private final EnrichedLimits limits;

    /** As Kafka instantiates it: the limits are the application's configured ones. */
    public EnrichedRecordDeserializer() {
        this(Arc.container().instance(EnrichedLimits.class).get());
    }

    public EnrichedRecordDeserializer(EnrichedLimits limits) {
        // at construction, not at the first record: a deserializer without its limits must never start consuming
        this.limits = Objects.requireNonNull(limits, "the configured EnrichedLimits");
    }

    @Override
    public EnrichedRecord deserialize(String topic, byte[] data) {
        return EnrichedPaperDecoder.decode(data, limits);
    }

    @Override
    public EnrichedRecord deserialize(String topic, Headers headers, byte[] data) {
        return EnrichedPaperDecoder.decode(data, limits);
    }
}
