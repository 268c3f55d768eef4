package io.paperstream.ingest.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.paperstream.events.JsonSerde;
import io.paperstream.events.PaperParsed;
import io.paperstream.ingest.config.TopicsConfig;
import io.paperstream.ingest.digest.DigestRecord;

/** Writes parsed papers to {@code papers.parsed}, keyed by paper id (the topic is compacted on that key). */
@ApplicationScoped
public class PaperPublisher {

    private final JsonSerde<PaperParsed> serde = new JsonSerde.PaperParsedSerde();
    private final String topic;

    public PaperPublisher(TopicsConfig topics) {
        this.topic = topics.parsed();
    }

    public PaperParsed toEvent(DigestRecord record, DigestContext digest) {
        return new PaperParsed(PaperParsed.SCHEMA_VERSION, record.id(), record.title(), record.summary(),
                record.related(), digest.digestId(), digest.source(), record.line(), digest.ingestedAt());
    }

    /** The record as it goes to the topic, encoded once: its size is checked before anything is sent. */
    public ProducerRecord<String, byte[]> encode(DigestRecord record, DigestContext digest) {
        PaperParsed event = toEvent(record, digest);
        return new ProducerRecord<>(topic, event.id(), serde.serialize(topic, event));
    }

    /** Bytes of key and value, what counts against the broker's message limit (headers: none). */
    public static int encodedSize(ProducerRecord<String, byte[]> message) {
        int key = message.key() == null ? 0 : message.key().getBytes(StandardCharsets.UTF_8).length;
        return key + (message.value() == null ? 0 : message.value().length);
    }

    public void send(Deliveries deliveries, DigestRecord record, ProducerRecord<String, byte[]> message) {
        deliveries.send(message, record.line(), "the paper on line " + record.line() + " (id " + record.id() + ")");
    }
}
