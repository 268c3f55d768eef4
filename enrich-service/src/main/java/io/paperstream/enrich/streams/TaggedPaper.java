package io.paperstream.enrich.streams;

import java.util.List;

import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.events.PaperParsed;

/**
 * A paper with its themes, on its way from the taggers (one per input partition) to the single counting task
 * through the internal repartition topic.
 */
public record TaggedPaper(PaperParsed paper, List<ThemeMatch> themes, String taxonomyVersion) {

    public TaggedPaper {
        themes = themes == null ? List.of() : List.copyOf(themes);
    }
}
