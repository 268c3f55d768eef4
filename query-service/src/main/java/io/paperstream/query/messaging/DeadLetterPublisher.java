package io.paperstream.query.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.paperstream.events.DeadLetterHeaders;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends rejected records to papers.dead-letter, unchanged, with the shared headers saying why and from where.
 * It waits for the broker's acknowledgement, so a record is dead-lettered before its offset can be committed.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    static final String STAGE = "query";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    @Inject
    @Channel("dead-letter")
    MutinyEmitter<byte[]> emitter;

    /**
     * @param record where the rejected value came from (its key, topic, partition, offset)
     * @param value  the record value exactly as received; null for a tombstone
     * @param source what could be read of the paper's provenance, for its source/digest/line headers
     */
    public void publish(ConsumerRecord<String, ?> record, byte[] value, String reason,
            EnrichedRecord.Provenance source) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, reason);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, STAGE);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, record.topic());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, record.partition());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, record.offset());
        if (source != null) {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE, source.source());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.DIGEST_ID, source.digestId());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.LINE, source.line());
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        emitter.sendMessageAndAwait(Message.of(value == null ? new byte[0] : value).addMetadata(metadata));
        LOG.warnf("dead-lettered %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    }
}
