package io.paperstream.query.catalog;

import io.paperstream.events.PaperEnriched;

/**
 * A paper that a batch inserted or replaced.
 *
 * @param sequence its new {@code materialized_seq} (the SSE event id)
 */
public record MaterializedPaper(PaperEnriched paper, long sequence, long themeMask) {
}
