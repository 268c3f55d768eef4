package io.paperstream.query.messaging;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.paperstream.events.PaperLimits;
import io.quarkus.arc.Unremovable;
import io.paperstream.query.config.QueryConfig;

/**
 * What a papers.enriched record may hold: the shared paper limits (the same ingest applies, since anyone with
 * broker access can write the topic) and bounds on the parts enrich adds (themes, their slugs, labels and matched
 * terms).
 *
 * @param maxThemes       theme tags on one paper
 * @param maxSlugLength   characters of a theme slug
 * @param maxLabelLength  characters of a theme label
 * @param maxMatchedTerms matched terms of one theme tag
 * @param maxTermLength   characters of one matched term
 */
public record EnrichedLimits(PaperLimits paper, int maxThemes, int maxSlugLength, int maxLabelLength,
        int maxMatchedTerms, int maxTermLength) {

    public EnrichedLimits {
        if (maxThemes < 0 || maxSlugLength < 1 || maxLabelLength < 1 || maxMatchedTerms < 0 || maxTermLength < 1) {
            throw new IllegalArgumentException("enriched limits must be positive: " + maxThemes + ", "
                    + maxSlugLength + ", " + maxLabelLength + ", " + maxMatchedTerms + ", " + maxTermLength);
        }
    }

    /** The configured limits, for the deserializer (which Kafka instantiates, so it looks them up). */
    @Singleton
    static final class Producer {

        // looked up, never injected: kept although no injection point names it
        @Produces
        @Singleton
        @Unremovable
        EnrichedLimits limits(PaperLimits paper, QueryConfig config) {
            QueryConfig.Enriched enriched = config.enriched();
            return new EnrichedLimits(paper, enriched.maxThemes(), enriched.maxSlugLength(),
                    enriched.maxLabelLength(), enriched.maxMatchedTerms(), enriched.maxTermLength());
        }
    }
}
