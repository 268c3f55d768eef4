package io.paperstream.ingest.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;

/** Builds the (framework-free) parser from the configured limits. */
public class DigestParserProducer {

    @Produces
    @Singleton
    DigestParser digestParser(IngestConfig config) {
        return new DigestParser(new DigestLimits(config.maxTitleLength(), config.maxSummaryLength(),
                config.maxRelatedCount(), config.maxDeadLetterTextLength(), config.maxRelatedLines()));
    }
}
