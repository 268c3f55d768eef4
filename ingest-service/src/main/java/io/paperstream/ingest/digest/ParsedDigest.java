package io.paperstream.ingest.digest;

import java.util.List;

/** The outcome of parsing one digest: its valid records and its rejected blocks, both in digest order. */
public record ParsedDigest(List<DigestRecord> records, List<RejectedBlock> rejected) {

    public ParsedDigest {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }
}
