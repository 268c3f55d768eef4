package io.paperstream.local.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.paperstream.events.DigestRecords;
import io.paperstream.events.PaperId;

/**
 * {@code up}'s seeds: streams into the catalog only the seed papers it has not seen, so a paper of the same
 * title that came later is never overwritten by the seed's older text. Each seed record is looked up by its
 * paper id ({@code GET /papers/{id}}); the records the catalog has become blank lines, so the digest posted
 * keeps its file's line numbers.
 */
final class SeedLoader {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOOKUP_RETRY = Duration.ofSeconds(2);
    private static final int LOOKUP_ATTEMPTS = 5;

    /** A record of a seed file: its title and its lines (1-based, inclusive). */
    record SeedRecord(String title, int firstLine, int lastLine) {
        String paperId() {
            return PaperId.fromTitle(title);
        }
    }

    private final Stack stack;
    private final Console console;

    SeedLoader(Stack stack, Console console) {
        this.stack = stack;
        this.console = console;
    }

    /** Whether every seed that needed it was ingested. */
    boolean load(List<Path> files) throws IOException, InterruptedException {
        if (files.isEmpty()) {
            return true;
        }
        if (stack.running("query").isEmpty() || !stack.serviceReady("query")) {
            console.say("seeds/ not streamed: query is not running, so nothing tells which seeds the catalog has");
            return true;
        }
        console.say("streaming seeds/ (%d file%s) into the catalog, skipping papers it already has:", files.size(),
                files.size() == 1 ? "" : "s");
        boolean ok = true;
        IngestCommand.FileLoader loader = new IngestCommand.FileLoader(stack, console);
        Path tmp = stack.var().tmp();
        for (Path file : files) {
            String label = stack.settings().root().relativize(file).toString();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<SeedRecord> records = records(String.join("\n", lines));
            List<SeedRecord> known;
            try {
                known = records.stream().filter(r -> catalogHas(r.paperId())).toList();
            } catch (Undecided e) {
                console.warn("%s not streamed: %s", label, e.getMessage());
                ok = false;
                continue;
            }
            if (known.size() == records.size()) {
                console.say("  %s: all %d papers already in the catalog: nothing to send", label, records.size());
                continue;
            }
            Path digest = tmp.resolve(file.getFileName());
            Files.writeString(digest, without(lines, known), StandardCharsets.UTF_8);
            try {
                if (!known.isEmpty()) {
                    console.say("  %s: %d of %d papers already in the catalog (left out)", label, known.size(),
                            records.size());
                }
                ok &= loader.load(digest.toString(), label).ok();
            } finally {
                Files.deleteIfExists(digest);
            }
        }
        return ok;
    }

    /** The records of a digest, by ingest's own layout rules. */
    static List<SeedRecord> records(String text) {
        List<SeedRecord> records = new ArrayList<>();
        String[] title = {null};
        int[] first = {0};
        int[] last = {0};
        int lineCount = DigestRecords.scan(text, new DigestRecords.Listener() {
            @Override
            public void blockStart(int line, int s) {
                close(line - 1);
                first[0] = line;
                title[0] = null;
            }

            @Override
            public void title(int line, int s, int e, int control) {
                title[0] = text.substring(s, e);
            }

            @Override
            public void summary(int line, int s, int e, int control) {
                last[0] = line;
            }

            @Override
            public void related(int line, int s, int e, int control, boolean beforeAnyTitle) {
                last[0] = line;
            }

            @Override
            public void missingSummary(int titleLine, int line, DigestRecords.MissingSummary why) {
                last[0] = titleLine;
            }

            private void close(int upTo) {
                if (title[0] != null) {
                    records.add(new SeedRecord(title[0], first[0], Math.max(first[0], Math.min(last[0], upTo))));
                }
            }
        });
        if (title[0] != null) {
            records.add(new SeedRecord(title[0], first[0], Math.max(first[0], Math.min(last[0], lineCount))));
        }
        return records;
    }

    /** The file's lines with those of {@code skipped} records blank: same line numbers, fewer records. */
    static String without(List<String> lines, List<SeedRecord> skipped) {
        List<String> out = new ArrayList<>(lines);
        Predicate<Integer> blank = line -> skipped.stream()
                .anyMatch(r -> line >= r.firstLine() && line <= r.lastLine());
        for (int i = 0; i < out.size(); i++) {
            if (blank.test(i + 1)) {
                out.set(i, "");
            }
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * Whether query's catalog has the paper: 200 yes, 404 no. Anything else (a query still warming up, a slow
     * machine) is asked again; when no clear answer comes the seed is not sent (never overwrite on doubt), and
     * the load counts as failed.
     */
    private boolean catalogHas(String paperId) {
        String last = "";
        for (int attempt = 1; attempt <= LOOKUP_ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.settings().queryUrl()
                        + "/papers/" + paperId)).timeout(LOOKUP_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 || response.statusCode() == 404) {
                    return response.statusCode() == 200;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            io.paperstream.local.process.Readiness.sleep(LOOKUP_RETRY);
        }
        throw new Undecided("cannot tell whether the catalog has paper " + paperId + " (" + last + ")");
    }

    /** No clear answer from query about a seed paper. */
    static final class Undecided extends RuntimeException {
        Undecided(String message) {
            super(message);
        }
    }
}
