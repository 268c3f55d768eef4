package io.paperstream.ingest.digest;

/**
 * Bounds on what one record of a digest may contain; lines beyond them are rejected with a reason rather than
 * passed on to the pipeline.
 *
 * @param maxTitleLength        characters (code points) in a title line, and in a {@code Related} line
 * @param maxSummaryLength      characters (code points) in a summary line
 * @param maxRelatedCount       largest count a {@code Related <kind> (<n>)} line may carry
 * @param maxRejectedTextLength characters of a rejected block kept as its raw text (longer blocks are cut)
 */
public record DigestLimits(int maxTitleLength, int maxSummaryLength, long maxRelatedCount, int maxRejectedTextLength) {

    public DigestLimits {
        if (maxTitleLength < 1 || maxSummaryLength < 1 || maxRelatedCount < 0 || maxRejectedTextLength < 1) {
            throw new IllegalArgumentException("digest limits must be positive: " + maxTitleLength + ", "
                    + maxSummaryLength + ", " + maxRelatedCount + ", " + maxRejectedTextLength);
        }
    }
}
