package io.paperstream.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes papers as digest bodies: per record a title line, a summary line, then a blank line. */
public final class Digests {

    private Digests() {
    }

    public static byte[] body(List<BenchPaper> papers) {
        StringBuilder text = new StringBuilder(papers.size() * 1600);
        for (BenchPaper paper : papers) {
            text.append(paper.title()).append('\n').append(paper.summary()).append("\n\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Cuts the papers into consecutive digests of at most {@code size} records. */
    public static List<List<BenchPaper>> split(List<BenchPaper> papers, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a digest holds at least one record, not " + size);
        }
        List<List<BenchPaper>> digests = new ArrayList<>((papers.size() + size - 1) / size);
        for (int from = 0; from < papers.size(); from += size) {
            digests.add(papers.subList(from, Math.min(from + size, papers.size())));
        }
        return digests;
    }
}
