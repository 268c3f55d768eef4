package io.paperstream.enrich.testing;

import java.time.Instant;
import java.util.Map;

import io.paperstream.events.PaperId;
import io.paperstream.events.PaperParsed;

/** PaperParsed events as ingest publishes them, for tests. */
public final class Papers {

    private Papers() {
    }

    public static PaperParsed parsed(String title, String summary) {
        return new PaperParsed(PaperParsed.SCHEMA_VERSION, PaperId.fromTitle(title), title, summary,
                Map.of("guides", 3L), "digest-test", "test", 1, Instant.parse("2026-11-26T08:00:00Z"));
    }
}
