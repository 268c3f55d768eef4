package io.paperstream.ingest.messaging;

import java.time.Instant;

/** What every record of one POSTed digest shares. */
public record DigestContext(String digestId, String source, Instant ingestedAt) {
}
