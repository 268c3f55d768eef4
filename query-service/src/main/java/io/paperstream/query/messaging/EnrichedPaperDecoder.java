package io.paperstream.query.messaging;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;
import io.paperstream.query.catalog.PaperChange;

/**
 * Turns a papers.enriched record into a catalog change, or into the reason it must be dead-lettered. Everything
 * the database would refuse (NUL characters, instants it cannot store, duplicate themes) is refused here, so
 * that one bad record can never fail a whole batch.
 */
public final class EnrichedPaperDecoder {

    /** Longest paper id accepted (real ids are 32 hex digits). */
    static final int MAX_ID_LENGTH = 256;
    /** The instants PostgreSQL's timestamptz and the API's ISO-8601 form both handle. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private EnrichedPaperDecoder() {
    }

    /** The outcome for one record. */
    public sealed interface Decoded {
    }

    public record Accepted(PaperChange change) implements Decoded {
    }

    /** @param paper what could be read of the record (for dead-letter headers), or null */
    public record Rejected(String reason, PaperEnriched paper) implements Decoded {
    }

    public static Decoded decode(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (record.value() == null) {
            if (key == null || key.isBlank() || hasNul(key)) {
                return new Rejected("tombstone without a usable key", null);
            }
            return new Accepted(new PaperChange.Removal(key));
        }
        PaperEnriched paper;
        try {
            paper = EventJson.fromBytes(record.value(), PaperEnriched.class);
        } catch (InvalidEventException e) {
            return new Rejected(e.getMessage(), null);
        }
        String problem = problemOf(paper, key);
        if (problem != null) {
            return new Rejected(problem, paper);
        }
        return new Accepted(new PaperChange.Upsert(withDistinctThemes(paper)));
    }

    /** The first reason the paper cannot be stored, or null. */
    static String problemOf(PaperEnriched paper, String key) {
        if (paper.id() == null || paper.id().isBlank()) {
            return "the paper has no id";
        }
        if (paper.id().length() > MAX_ID_LENGTH) {
            return "the paper id is longer than " + MAX_ID_LENGTH + " characters";
        }
        if (key != null && !key.equals(paper.id())) {
            return "the record key '" + key + "' is not the paper id '" + paper.id() + "'";
        }
        if (paper.title() == null || paper.title().isBlank()) {
            return "the paper has no title";
        }
        String instants = problemOfInstant("ingestedAt", paper.ingestedAt());
        if (instants == null) {
            instants = problemOfInstant("enrichedAt", paper.enrichedAt());
        }
        if (instants != null) {
            return instants;
        }
        if (hasNul(paper.id(), paper.title(), paper.summary(), paper.source(), paper.digestId(),
                paper.taxonomyVersion()) || hasNul(paper.related().keySet())) {
            return "the paper holds a NUL character, which the catalog cannot store";
        }
        for (ThemeTag tag : paper.themes()) {
            if (tag == null || tag.slug() == null || tag.slug().isBlank()) {
                return "a theme of the paper has no slug";
            }
            if (hasNul(tag.slug(), tag.label()) || hasNul(tag.matched())) {
                return "theme '" + tag.slug().replace('\u0000', '?') + "' holds a NUL character";
            }
            if (!Double.isFinite(tag.score())) {
                return "theme '" + tag.slug() + "' has a score that is not a number";
            }
        }
        return null;
    }

    private static String problemOfInstant(String field, Instant instant) {
        if (instant == null) {
            return "the paper has no " + field;
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            return "the paper's " + field + " " + instant + " is out of range";
        }
        return null;
    }

    /** One tag per slug (the strongest), as the catalog keys a paper's themes by slug. */
    static PaperEnriched withDistinctThemes(PaperEnriched paper) {
        Map<String, ThemeTag> bySlug = new LinkedHashMap<>();
        for (ThemeTag tag : paper.themes()) {
            bySlug.merge(tag.slug(), tag, (a, b) -> b.score() > a.score() ? b : a);
        }
        if (bySlug.size() == paper.themes().size()) {
            return paper;
        }
        List<ThemeTag> themes = List.copyOf(bySlug.values());
        return new PaperEnriched(paper.schemaVersion(), paper.id(), paper.title(), paper.summary(), paper.related(),
                paper.digestId(), paper.source(), paper.line(), paper.ingestedAt(), themes,
                paper.enrichedAt(), paper.taxonomyVersion());
    }

    static boolean hasNul(String... values) {
        for (String value : values) {
            if (value != null && value.indexOf('\u0000') >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNul(Collection<String> values) {
        return values.stream().anyMatch(value -> hasNul(value));
    }
}
