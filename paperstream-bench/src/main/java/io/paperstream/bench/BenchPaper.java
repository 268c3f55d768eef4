package io.paperstream.bench;

import io.paperstream.events.PaperId;

/** A paper the benchmark sends: one digest record, a title line and a summary line. */
public record BenchPaper(String title, String summary) {

    public String id() {
        return PaperId.fromTitle(title);
    }
}
