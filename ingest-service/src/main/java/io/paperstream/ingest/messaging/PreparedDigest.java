package io.paperstream.ingest.messaging;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.paperstream.ingest.digest.DigestRecord;
import io.paperstream.ingest.digest.RejectedBlock;

/**
 * A digest ready to be sent: every paper already encoded (and known to fit a topic), and every rejected block,
 * those of the parser and the papers too large to encode, in digest order.
 */
public record PreparedDigest(List<EncodedPaper> papers, List<RejectedBlock> rejected) {

    public PreparedDigest {
        papers = List.copyOf(papers);
        rejected = List.copyOf(rejected);
    }

    public List<DigestRecord> records() {
        return papers.stream().map(EncodedPaper::record).toList();
    }

    /** A paper and the record that carries it to {@code papers.parsed}. */
    public record EncodedPaper(DigestRecord record, ProducerRecord<String, byte[]> message) {
    }
}
