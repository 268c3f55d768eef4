package io.paperstream.ingest.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;

/** Builds the (framework-free) parser from the configuration and the shared paper limits. */
public class DigestParserProducer {

    @Produces
    @Singleton
    DigestLimits digestLimits(PaperLimits paper, IngestConfig config) {
        return new DigestLimits(paper, config.maxDeadLetterTextLength(), config.maxRecordsPerDigest());
    }

    @Produces
    @Singleton
    DigestParser digestParser(DigestLimits limits) {
        return new DigestParser(limits);
    }
}
