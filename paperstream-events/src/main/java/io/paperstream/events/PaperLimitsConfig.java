package io.paperstream.events;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;

/**
 * The shared paper limits as configuration ({@code paperstream.limits.*}), mapped once for every service. Their
 * defaults are stated in {@link PaperLimits#DEFAULTS_RESOURCE} and nowhere else, so a missing value fails startup
 * rather than silently differing between services.
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

    /** Makes {@link PaperLimits} injectable in each service. */
    @Singleton
    class Producer {

        @Produces
        @Singleton
        PaperLimits paperLimits(PaperLimitsConfig config) {
            return config.toPaperLimits();
        }
    }
}
