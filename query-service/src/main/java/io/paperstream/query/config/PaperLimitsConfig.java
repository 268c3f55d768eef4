package io.paperstream.query.config;

import io.paperstream.events.PaperLimits;
import io.smallrye.config.ConfigMapping;

/**
 * The shared paper limits ({@code paperstream.limits.*}, defaults in paperstream-events'
 * {@code META-INF/microprofile-config.properties}), applied here to what query reads from papers.enriched.
 */
@ConfigMapping(prefix = "paperstream.limits")
public interface PaperLimitsConfig {

    int maxTitleLength();

    int maxSummaryLength();

    int maxSourceLength();

    int maxRelatedLines();

    long maxRelatedCount();

    int maxRecordBytes();

    default PaperLimits limits() {
        return new PaperLimits(maxTitleLength(), maxSummaryLength(), maxSourceLength(), maxRelatedLines(),
                maxRelatedCount(), maxRecordBytes());
    }
}
