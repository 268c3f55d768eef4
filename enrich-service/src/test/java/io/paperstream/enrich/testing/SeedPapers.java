package io.paperstream.enrich.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The papers of the project's seed digest ({@code seeds/} at the repository root), in digest order. */
public final class SeedPapers {

    public static final Path SEED = Path.of("..", "seeds", "000_cb297068b36b3f4f.txt");

    public record SeedPaper(String title, String summary) {
    }

    private SeedPapers() {
    }

    /** Title line, summary line, then optional "Related ..." lines, per record. */
    public static List<SeedPaper> load() {
        try {
            List<SeedPaper> papers = new ArrayList<>();
            String title = null;
            for (String line : Files.readAllLines(SEED, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("Related ")) {
                    continue;
                }
                if (title == null) {
                    title = line.trim();
                } else {
                    papers.add(new SeedPaper(title, line.trim()));
                    title = null;
                }
            }
            return papers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed digest " + SEED.toAbsolutePath(), e);
        }
    }

    public static SeedPaper startingWith(String titlePrefix) {
        return load().stream().filter(p -> p.title().startsWith(titlePrefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no seed paper titled '" + titlePrefix + "...'"));
    }
}
