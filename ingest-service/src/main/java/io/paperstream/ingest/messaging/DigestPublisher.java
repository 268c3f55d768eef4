package io.paperstream.ingest.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestRecord;
import io.paperstream.ingest.digest.ParsedDigest;
import io.paperstream.ingest.digest.RejectedBlock;
import io.paperstream.ingest.digest.RejectionCode;

/**
 * Delivers one digest: its papers to {@code papers.parsed} and its rejected blocks to {@code papers.dead-letter},
 * all sent before any is awaited (so they batch), and returns only once the broker acknowledged every one.
 * Every paper is encoded and size-checked first ({@link #prepare}), so a paper no topic could carry is rejected
 * like any other bad record instead of failing the digest half-way.
 */
@ApplicationScoped
public class DigestPublisher {

    private static final Logger LOG = Logger.getLogger(DigestPublisher.class);

    private final KafkaClients clients;
    private final IngestTopics topics;
    private final PaperPublisher papers;
    private final DeadLetterPublisher deadLetters;
    private final DigestLimits limits;
    private final Duration ackTimeout;

    public DigestPublisher(KafkaClients clients, IngestTopics topics, PaperPublisher papers,
            DeadLetterPublisher deadLetters, DigestLimits limits, IngestConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.papers = papers;
        this.deadLetters = deadLetters;
        this.limits = limits;
        // the producer fails every record by delivery.timeout.ms after its send; the grace covers the callback
        this.ackTimeout = config.kafka().deliveryTimeout().plus(config.kafka().ackGrace());
    }

    /**
     * Encodes every paper of a digest; one whose record would exceed {@code paperstream.limits.max-record-bytes}
     * joins the rejected blocks (code {@code record-too-large}, with its line), in digest order.
     */
    public PreparedDigest prepare(ParsedDigest digest, DigestContext context) {
        List<PreparedDigest.EncodedPaper> encoded = new ArrayList<>(digest.records().size());
        List<RejectedBlock> rejected = new ArrayList<>(digest.rejected());
        boolean tooLarge = false;
        for (DigestRecord record : digest.records()) {
            ProducerRecord<String, byte[]> message = papers.encode(record, context);
            String problem = limits.paper().recordSizeProblem(PaperPublisher.encodedSize(message));
            if (problem == null) {
                encoded.add(new PreparedDigest.EncodedPaper(record, message));
            } else {
                tooLarge = true;
                rejected.add(RejectedBlock.cut(record.line(), RejectionCode.RECORD_TOO_LARGE, "line " + record.line()
                        + ": the record whose title is on this line cannot be published: " + problem,
                        textOf(record), limits.maxRejectedTextLength()));
            }
        }
        if (tooLarge) {
            rejected.sort(Comparator.comparingInt(RejectedBlock::line));
        }
        return new PreparedDigest(encoded, rejected);
    }

    /** The record's lines as the digest had them (spacing aside), for the dead letter; cut by the caller. */
    private String textOf(DigestRecord record) {
        int room = limits.maxRejectedTextLength() + 1;
        StringBuilder text = new StringBuilder(Math.min(room, record.title().length() + record.summary().length() + 1));
        text.append(record.title()).append('\n').append(record.summary(), 0,
                Math.min(record.summary().length(), Math.max(0, room - text.length())));
        record.related().forEach((kind, count) -> {
            if (text.length() < room) {
                text.append("\nRelated ").append(kind).append(" (").append(count).append(')');
            }
        });
        return text.toString();
    }

    /**
     * Publishes all papers and rejected blocks of a prepared digest.
     *
     * @throws BrokerUnavailableException when any of them was not acknowledged; some may have been written,
     *                                    which is harmless on a retry because papers are keyed by paper id
     * @throws RecordRefusedException     when the broker refused one of them for good (a retry cannot help)
     */
    public void publish(PreparedDigest digest, DigestContext context) {
        topics.ensureReady();
        Producer<String, byte[]> producer = clients.producer();
        Deliveries deliveries = new Deliveries(producer, fatal -> clients.reportFatal(producer, fatal));
        for (PreparedDigest.EncodedPaper paper : digest.papers()) {
            papers.send(deliveries, paper.record(), paper.message());
        }
        for (RejectedBlock block : digest.rejected()) {
            deadLetters.send(deliveries, block, context);
        }
        deliveries.awaitAll(ackTimeout);
    }

    /**
     * Dead-letters the blocks of a digest that has no valid record; the client's answer (422) does not depend on
     * it, so a broker failure is logged rather than raised.
     */
    public boolean deadLetterQuietly(List<RejectedBlock> rejected, DigestContext context) {
        try {
            publish(new PreparedDigest(List.of(), rejected), context);
            return true;
        } catch (BrokerUnavailableException | RecordRefusedException e) {
            LOG.warnf("Digest %s: %d rejected blocks not dead-lettered: %s", context.digestId(), rejected.size(),
                    e.getMessage());
            return false;
        }
    }
}
