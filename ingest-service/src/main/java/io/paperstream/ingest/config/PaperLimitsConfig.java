package io.paperstream.ingest.config;

import io.paperstream.events.PaperLimits;
import io.smallrye.config.ConfigMapping;

/**
 * The shared paper limits ({@code paperstream.limits.*}). Their defaults are stated once, in paperstream-events'
 * {@code META-INF/microprofile-config.properties}, so none is repeated here: a missing value fails startup rather
 * than silently differing from the other services.
 */
@ConfigMapping(prefix = "paperstream.limits")
public interface PaperLimitsConfig {

    int maxTitleLength();

    int maxSummaryLength();

    int maxSourceLength();

    int maxRelatedLines();

    long maxRelatedCount();

    int maxRecordBytes();

    default PaperLimits toPaperLimits() {
        return new PaperLimits(maxTitleLength(), maxSummaryLength(), maxSourceLength(), maxRelatedLines(),
                maxRelatedCount(), maxRecordBytes());
    }
}
