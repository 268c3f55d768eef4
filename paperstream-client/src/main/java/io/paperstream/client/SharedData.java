package io.paperstream.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real data shared beside the project ({@code ../shared/data}: the arXiv corpora, the hand-labelled dev set), read
 * where it lives, never copied into the repository. Tests and the benchmarks find it here: the directory named by
 * {@code -Dpaperstream.shared-data} or {@code PAPERSTREAM_SHARED_DATA} (how {@code .ci/run} points a clone made
 * elsewhere at it), else {@code shared/data} beside the checkout, seen from the root or from a module directory.
 */
public final class SharedData {

    public static final String PROPERTY = "paperstream.shared-data";
    public static final String ENVIRONMENT = "PAPERSTREAM_SHARED_DATA";

    private SharedData() {
    }

    /** The file {@code relative} (e.g. {@code arxiv-digest-5k.txt}) of the shared data, if it is there. */
    public static Optional<Path> locate(String relative) {
        return candidates().stream().map(dir -> dir.resolve(relative)).filter(Files::isRegularFile).findFirst();
    }

    /**
     * The file {@code relative} where it is, else where it was looked for first: for a default that a reader
     * reports as missing by its path.
     */
    public static Path path(String relative) {
        return locate(relative).orElseGet(() -> candidates().get(0).resolve(relative));
    }

    /** Where {@link #locate} looks, in order (for the message of a test that skips). */
    public static List<Path> candidates() {
        List<Path> dirs = new ArrayList<>();
        String given = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (given != null && !given.isBlank()) {
            dirs.add(Path.of(given));
        }
        dirs.add(Path.of("..", "shared", "data"));
        dirs.add(Path.of("..", "..", "shared", "data"));
        dirs.add(Path.of("..", "..", "..", "shared", "data"));
        return dirs;
    }
}
