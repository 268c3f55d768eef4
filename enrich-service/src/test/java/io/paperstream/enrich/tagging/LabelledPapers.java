package io.paperstream.enrich.tagging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Papers labelled by hand with their true themes, read from a test resource (title TAB summary TAB slugs). */
final class LabelledPapers {

    static final String TUNING = "tagging/labelled-papers-tuning.tsv";
    static final String HOLD_OUT = "tagging/labelled-papers-holdout.tsv";

    record LabelledPaper(String title, String summary, Set<String> themes) {
    }

    private LabelledPapers() {
    }

    static List<LabelledPaper> load(String resource) {
        try (InputStream in = LabelledPapers.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            List<LabelledPaper> papers = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3) {
                    throw new IllegalStateException(resource + ": expected 3 tab-separated columns in: " + line);
                }
                Set<String> themes = new TreeSet<>();
                Arrays.stream(columns[2].split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(themes::add);
                papers.add(new LabelledPaper(columns[0], columns[1], themes));
            }
            return papers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
