package io.paperstream.ingest.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.paperstream.events.DeadLetterHeaders;
import io.paperstream.ingest.config.TopicsConfig;
import io.paperstream.ingest.digest.RejectedBlock;

/**
 * Writes rejected digest blocks to {@code papers.dead-letter}: the value is the rejected text as sent, the
 * headers say why, where it came from and where in the digest it was.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** The value of the stage header for everything this service rejects. */
    public static final String STAGE = "ingest";

    private final String topic;

    public DeadLetterPublisher(TopicsConfig topics) {
        this.topic = topics.deadLetter();
    }

    public void send(Deliveries deliveries, RejectedBlock block, DigestContext digest) {
        // no key: dead letters are not looked up by key, and null keys spread over the partitions
        var record = new ProducerRecord<String, byte[]>(topic, null, block.text().getBytes(StandardCharsets.UTF_8));
        String reason = block.truncated() ? block.reason() + " (text cut to its first characters)" : block.reason();
        DeadLetterHeaders.put(record.headers(), DeadLetterHeaders.REASON, reason);
        DeadLetterHeaders.put(record.headers(), DeadLetterHeaders.STAGE, STAGE);
        DeadLetterHeaders.put(record.headers(), DeadLetterHeaders.SOURCE, digest.source());
        DeadLetterHeaders.put(record.headers(), DeadLetterHeaders.LINE, block.line());
        DeadLetterHeaders.put(record.headers(), DeadLetterHeaders.DIGEST_ID, digest.digestId());
        deliveries.send(record, block.line(), "the dead letter of the rejected block on line " + block.line());
    }
}
