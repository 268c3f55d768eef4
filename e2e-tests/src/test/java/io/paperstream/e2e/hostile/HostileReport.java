package io.paperstream.e2e.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code HOSTILE ...} lines of a run, printed as they come and appended to a file at once, so that a run that
 * is aborted half way still leaves the rows it did.
 */
final class HostileReport {

    private final Path file;
    private final List<String> lines = new ArrayList<>();

    HostileReport(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void line(String line) {
        lines.add(line);
        System.out.println(line);
        System.out.flush();
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    Path file() {
        return file;
    }
}
