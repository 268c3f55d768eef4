package io.paperstream.query.messaging;

import io.paperstream.query.catalog.write.PaperRow;


/**
 * A papers.enriched record value as {@link EnrichedRecordDeserializer} decoded it on the consumer's fetch path:
 * what the batch method receives ({@code ConsumerRecords<String, EnrichedRecord>}).
 */
public sealed interface EnrichedRecord {

    /**
     * A paper the catalog can store.
     *
     * @param bytes the record value as received, for the dead letter should the database still refuse it
     */
    record Accepted(PaperRow paper, byte[] bytes) implements EnrichedRecord {
    }

    /** A null value: the paper leaves the catalog (its id is the record key). */
    record Tombstone() implements EnrichedRecord {

        public static final Tombstone INSTANCE = new Tombstone();
    }

    /**
     * A value that cannot become a catalog row: dead-lettered unchanged with the reason.
     *
     * @param bytes  the record value as received (never re-encoded)
     * @param source what could be read of the paper's provenance, for the dead-letter headers (fields may be null)
     */
    record Rejected(String reason, byte[] bytes, Provenance source) implements EnrichedRecord {
    }

    /** Where a paper came from, as far as the record could be read. */
    record Provenance(String source, String digestId, Integer line) {

        public static final Provenance UNKNOWN = new Provenance(null, null, null);
    }
}
