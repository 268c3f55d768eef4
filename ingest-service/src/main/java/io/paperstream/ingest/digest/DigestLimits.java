package io.paperstream.ingest.digest;

import io.paperstream.events.PaperLimits;

/**
 * Bounds on what a digest may contain: the shared limits on each paper, plus what only a digest has. Lines
 * beyond the paper limits are rejected with a reason rather than passed on to the pipeline; a digest beyond
 * {@code maxRecordsPerDigest} is refused as a whole.
 *
 * @param paper                 the limits every stage applies to a paper (title, summary, Related lines and counts,
 *                              source label, encoded record size)
 * @param maxRejectedTextLength characters of a rejected block kept as its raw text (longer blocks are cut)
 * @param maxRecordsPerDigest   records, valid or rejected, one digest may hold: parsing stops at the first one
 *                              beyond it, so memory never grows with a body of countless tiny records
 */
public record DigestLimits(PaperLimits paper, int maxRejectedTextLength, int maxRecordsPerDigest) {

    public DigestLimits {
        if (paper == null || maxRejectedTextLength < 1 || maxRecordsPerDigest < 1) {
            throw new IllegalArgumentException("digest limits must be positive: " + paper + ", "
                    + maxRejectedTextLength + ", " + maxRecordsPerDigest);
        }
    }
}
