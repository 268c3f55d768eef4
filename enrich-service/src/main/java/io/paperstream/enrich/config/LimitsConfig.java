package io.paperstream.enrich.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.paperstream.events.PaperLimits;
import io.smallrye.config.ConfigMapping;

/**
 * The shared paper limits ({@code paperstream.limits.*}), whose defaults are stated once in paperstream-events: enrich
 * applies them to every record it reads, since anyone with broker access can write to its input.
 */
@ConfigMapping(prefix = "paperstream.limits")
public interface LimitsConfig {

    int maxTitleLength();

    int maxSummaryLength();

    int maxSourceLength();

    int maxRelatedLines();

    long maxRelatedCount();

    int maxRecordBytes();

    /** The limits as the shared type. */
    default PaperLimits paperLimits() {
        return new PaperLimits(maxTitleLength(), maxSummaryLength(), maxSourceLength(), maxRelatedLines(),
                maxRelatedCount(), maxRecordBytes());
    }

    /** Makes {@link PaperLimits} injectable. */
    @Singleton
    class Producer {

        @Produces
        @Singleton
        PaperLimits paperLimits(LimitsConfig config) {
            return config.paperLimits();
        }
    }
}
