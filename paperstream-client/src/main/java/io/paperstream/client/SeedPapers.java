package io.paperstream.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The papers of the project's seed digests ({@code seeds/*.txt} at the repository root), in file and digest order. */
public final class SeedPapers {

    /** The seeds folder seen from a module's folder, where Maven runs a module's tests. */
    public static final Path FROM_MODULE = Path.of("..", "seeds");

    private SeedPapers() {
    }

    /** Every seed paper, read from {@link #FROM_MODULE}. */
    public static List<PaperRecord> load() {
        return load(FROM_MODULE);
    }

    /** Every paper of the seed digests in a folder, files in name order. */
    public static List<PaperRecord> load(Path seeds) {
        List<PaperRecord> papers = new ArrayList<>();
        digests(seeds).forEach(digest -> papers.addAll(Digests.read(digest)));
        return papers;
    }

    /** The seed digest files of a folder, in name order. */
    public static List<Path> digests(Path seeds) {
        try (Stream<Path> files = Files.list(seeds)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the seed digests in " + seeds.toAbsolutePath(), e);
        }
    }

    /** The first seed paper whose title starts so. */
    public static PaperRecord startingWith(String titlePrefix) {
        return load().stream().filter(p -> p.title().startsWith(titlePrefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no seed paper titled '" + titlePrefix + "...'"));
    }
}
