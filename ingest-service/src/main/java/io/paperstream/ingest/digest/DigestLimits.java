package io.paperstream.ingest.digest;

/**
 * Bounds on what one record of a digest may contain; lines beyond them are rejected with a reason rather than
 * passed on to the pipeline.
 *
 * @param maxTitleLength        characters (code points) in a title line, and in a {@code Related} line
 * @param maxSummaryLength      characters (code points) in a summary line
 * @param maxRelatedCount       largest count a {@code Related <kind> (<n>)} line may carry
 * @param maxRejectedTextLength characters of a rejected block kept as its raw text (longer blocks are cut)
 * @param maxRelatedLines       {@code Related} lines in one record: with the line lengths, this bounds the size of
 *                              the event a record becomes, so an accepted record always fits the broker
 */
public record DigestLimits(int maxTitleLength, int maxSummaryLength, long maxRelatedCount, int maxRejectedTextLength,
        int maxRelatedLines) {

    public DigestLimits {
        if (maxTitleLength < 1 || maxSummaryLength < 1 || maxRelatedCount < 0 || maxRejectedTextLength < 1
                || maxRelatedLines < 0) {
            throw new IllegalArgumentException("digest limits must be positive: " + maxTitleLength + ", "
                    + maxSummaryLength + ", " + maxRelatedCount + ", " + maxRejectedTextLength + ", "
                    + maxRelatedLines);
        }
    }
}
