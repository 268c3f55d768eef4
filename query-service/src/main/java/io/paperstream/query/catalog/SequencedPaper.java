package io.paperstream.query.catalog;

/** A paper with the {@code materialized_seq} of its last materialization (the SSE event id). */
public record SequencedPaper(long sequence, PaperSummary paper) {
}
