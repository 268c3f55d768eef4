package io.paperstream.enrich.streams;

/**
 * What enrich writes for one valid paper or deletion: the enriched JSON for {@code papers.enriched} (null for a
 * tombstone), or a rejection with the bytes for the dead-letter topic when that JSON is too large to write.
 */
record EnrichedValue(byte[] json, byte[] rejectedValue, String rejection) {

    static EnrichedValue enriched(byte[] json) {
        return new EnrichedValue(json, null, null);
    }

    static EnrichedValue rejected(byte[] value, String reason) {
        return new EnrichedValue(null, value, reason);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
