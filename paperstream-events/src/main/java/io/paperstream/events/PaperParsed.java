package io.paperstream.events;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One paper record parsed out of a digest by the ingest service; published on {@code papers.parsed},
 * keyed by {@link #id()}.
 *
 * @param schemaVersion version of this event's shape, so consumers can evolve without guessing
 * @param id            stable paper id, derived from the normalized title ({@link PaperId})
 * @param related       every {@code Related <kind> (<n>)} line of the record, by kind, in digest order
 * @param digestId      id of the digest (one POST) that carried the record
 * @param source        free-form label of where the digest came from
 * @param line          1-based line of the record's title in the digest
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PaperParsed(
        int schemaVersion,
        String id,
        String title,
        String summary,
        Map<String, Long> related,
        String digestId,
        String source,
        int line,
        Instant ingestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public PaperParsed {
        related = related == null ? Map.of() : related;
    }
}
