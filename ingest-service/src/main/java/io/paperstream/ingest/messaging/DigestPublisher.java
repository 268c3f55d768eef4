package io.paperstream.ingest.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.digest.DigestRecord;
import io.paperstream.ingest.digest.RejectedBlock;

/**
 * Delivers one digest: its papers to {@code papers.parsed} and its rejected blocks to {@code papers.dead-letter},
 * all sent before any is awaited (so they batch), and returns only once the broker acknowledged every one.
 */
@ApplicationScoped
public class DigestPublisher {

    private static final Logger LOG = Logger.getLogger(DigestPublisher.class);

    private final KafkaClients clients;
    private final IngestTopics topics;
    private final PaperPublisher papers;
    private final DeadLetterPublisher deadLetters;
    private final Duration ackTimeout;

    public DigestPublisher(KafkaClients clients, IngestTopics topics, PaperPublisher papers,
            DeadLetterPublisher deadLetters, IngestConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.papers = papers;
        this.deadLetters = deadLetters;
        // the producer fails every record by delivery.timeout.ms after its send; the grace covers the callback
        this.ackTimeout = config.kafka().deliveryTimeout().plus(config.kafka().ackGrace());
    }

    /**
     * Publishes all records and rejected blocks of a digest.
     *
     * @throws BrokerUnavailableException when any of them was not acknowledged; some may have been written,
     *                                    which is harmless on a retry because papers are keyed by paper id
     */
    public void publish(List<DigestRecord> records, List<RejectedBlock> rejected, DigestContext digest) {
        topics.ensureReady();
        Deliveries deliveries = new Deliveries(clients.producer());
        for (DigestRecord record : records) {
            papers.send(deliveries, record, digest);
        }
        for (RejectedBlock block : rejected) {
            deadLetters.send(deliveries, block, digest);
        }
        deliveries.awaitAll(ackTimeout);
    }

    /**
     * Dead-letters the blocks of a digest that has no valid record; the client's answer (422) does not depend on
     * it, so a broker failure is logged rather than raised.
     */
    public boolean deadLetterQuietly(List<RejectedBlock> rejected, DigestContext digest) {
        try {
            publish(List.of(), rejected, digest);
            return true;
        } catch (BrokerUnavailableException e) {
            LOG.warnf("Digest %s: %d rejected blocks not dead-lettered: %s", digest.digestId(), rejected.size(),
                    e.getMessage());
            return false;
        }
    }
}
