package io.paperstream.enrich.streams;

import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperParsed;

/**
 * What the enrich topology does with event JSON and paper ids, in one place: the service uses {@link #EVENT_JSON}
 * (the shared {@link EventJson} form and {@link PaperId}); the CPU harness (test scope) measures it against the way
 * enrich did it before, on the same topology.
 */
interface PaperCodec {

    /** Reads a {@code papers.parsed} value; throws {@link InvalidEventException} with the reason when it is not one. */
    PaperParsed readParsed(byte[] json);

    /** The id a paper with this title must have ({@link PaperId#fromTitle}). */
    String paperId(String title);

    /** The {@code papers.enriched} value of a paper. */
    byte[] writeEnriched(PaperEnriched paper);

    PaperCodec EVENT_JSON = new PaperCodec() {

        @Override
        public PaperParsed readParsed(byte[] json) {
            return EventJson.fromBytes(json, PaperParsed.class);
        }

        @Override
        public String paperId(String title) {
            return PaperId.fromTitle(title);
        }

        @Override
        public byte[] writeEnriched(PaperEnriched paper) {
            return EventJson.toBytes(paper);
        }
    };
}
