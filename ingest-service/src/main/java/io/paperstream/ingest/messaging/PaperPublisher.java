package io.paperstream.ingest.messaging;

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

    public void send(Deliveries deliveries, DigestRecord record, DigestContext digest) {
        PaperParsed event = toEvent(record, digest);
        deliveries.send(new ProducerRecord<>(topic, event.id(), serde.serialize(topic, event)));
    }
}
