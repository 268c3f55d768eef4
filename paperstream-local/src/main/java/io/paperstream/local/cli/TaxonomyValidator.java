package io.paperstream.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.paperstream.local.process.ProcessStarter;

/**
 * Checks a taxonomy file with enrich's own loader before {@code retag} changes anything: runs
 * {@code io.paperstream.enrich.tagging.TaxonomyCheck} from the packaged enrich application (its classes and
 * libraries), so the CLI carries no second copy of the rules and no Quarkus.
 */
class TaxonomyValidator {

    static final String CHECK_CLASS = "io.paperstream.enrich.tagging.TaxonomyCheck";
    private static final long TIMEOUT_SECONDS = 60;

    /** The verdict: valid or not, and the loader's one-line explanation. */
    record Verdict(boolean valid, String message) {
    }

    private final Path enrichApp;
    private final String heap;

    /** @param enrichApp enrich-service/target/quarkus-app */
    TaxonomyValidator(Path enrichApp, String heap) {
        this.enrichApp = enrichApp;
        this.heap = heap;
    }

    Verdict check(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return new Verdict(false, file + ": not a readable file");
        }
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary(), "-Xmx" + heap, "-cp",
                enrichApp.resolve("app") + "/*" + java.io.File.pathSeparator + enrichApp.resolve("lib/main") + "/*",
                CHECK_CLASS, file.toAbsolutePath().toString()));
        try {
            Path output = Files.createTempFile("taxonomy-check", ".txt");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new CliException("the taxonomy check did not finish within " + TIMEOUT_SECONDS + "s");
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
                if (process.exitValue() == 0) {
                    return new Verdict(true, last);
                }
                if (process.exitValue() == 1) {
                    return new Verdict(false, last);
                }
                throw new CliException("cannot run enrich's taxonomy check (exit " + process.exitValue() + "): "
                        + String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
