package io.paperstream.local.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import io.paperstream.client.BulkIngest;
import io.paperstream.client.DigestSplitter;
import io.paperstream.client.IngestClient;
import io.paperstream.local.process.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "ingest", description = {"load digest files into ingest, with progress and every rejected line",
        "- reads stdin, .gz is decompressed; big files go in digests cut at record boundaries, several in flight.",
        "Shows progress, then each rejected record's line and reason. Exits non-zero when a digest failed or",
        "nothing was accepted."})
final class IngestCommand implements Callable<Integer> {

    static final String STDIN = "-";

    @ParentCommand
    PaperstreamCommand parent;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "digest files (- for stdin; .gz accepted)")
    List<String> files = new ArrayList<>();

    @Mixin
    WaitOption waitOption;

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack();
        Console console = parent.console();
        stack.var().prepare();
        Settings s = stack.settings();
        if (Readiness.healthStatus(s.ingestPort()) == 0) {
            throw new CliException("nobody answers at " + s.ingestUrl() + " (is ingest running? bin/paperstream up)");
        }
        CatalogCatchUp catchUp = new CatalogCatchUp(stack, console);
        Optional<CatalogCatchUp.CatalogState> before = waitOption.waitForCatalog ? catchUp.stateWhenCaughtUp()
                : Optional.empty();
        FileLoader loader = new FileLoader(stack, console);
        long accepted = 0;
        boolean allLoaded = true;
        for (String file : files) {
            FileLoader.Result result = loader.load(file);
            accepted += result.accepted();
            allLoaded &= result.ok();
        }
        if (waitOption.waitForCatalog && accepted > 0) {
            catchUp.await(before);
        }
        return allLoaded ? 0 : 1;
    }

    /** Loads one file with the client kit's splitter and bulk poster, drawing progress as answers come. */
    static final class FileLoader {

        /** @param ok no digest failed and something was accepted */
        record Result(long accepted, boolean ok) {
        }

        private final Stack stack;
        private final Console console;

        FileLoader(Stack stack, Console console) {
            this.stack = stack;
            this.console = console;
        }

        Result load(String file) throws IOException, InterruptedException {
            return load(file, file.equals(STDIN) ? "stdin" : file);
        }

        /** @param label how the file is named in the output and in ingest's {@code source} */
        Result load(String file, String label) throws IOException, InterruptedException {
            Settings s = stack.settings();
            boolean stdin = file.equals(STDIN);
            Path path = stdin ? null : Path.of(file);
            if (!stdin && (!Files.isRegularFile(path) || !Files.isReadable(path))) {
                console.warn("%s: not a readable file", file);
                return new Result(0, false);
            }
            DigestSplitter.Limits limits = new DigestSplitter.Limits(s.ingestChunkRecords(), s.ingestChunkBytes());
            IngestClient client = new IngestClient(URI.create(s.ingestUrl()), emptyToNull(stack.ingestToken()),
                    Path.of(label).getFileName().toString());
            ProgressRenderer renderer = new ProgressRenderer(label,
                    stdin ? OptionalLong.empty() : OptionalLong.of(Files.size(path)), console.terminal(),
                    s.progressEvery());
            BulkIngest bulk = new BulkIngest(client, new BulkIngest.Options(s.ingestConcurrency(), s.ingestRetries(),
                    s.ingestRetryDelay()), new BulkIngest.Listener() {
                        @Override
                        public void answered(DigestSplitter.Digest digest, IngestClient.Answer answer,
                                BulkIngest.Progress progress) {
                            String text = renderer.update(snapshot(progress));
                            if (text != null) {
                                console.out().print(text);
                                console.out().flush();
                            }
                        }
                    });
            BulkIngest.Summary summary;
            try (DigestSplitter splitter = stdin ? DigestSplitter.of(System.in, limits)
                    : DigestSplitter.open(path, limits)) {
                summary = bulk.run(splitter);
            } catch (IOException e) {
                console.out().print(renderer.finish());
                console.warn("%s: cannot read it: %s", label, e.getMessage());
                return new Result(0, false);
            }
            console.out().print(renderer.finish());
            report(label, summary);
            BulkIngest.Progress p = summary.progress();
            return new Result(p.accepted(), summary.failures().isEmpty() && p.accepted() > 0);
        }

        private void report(String label, BulkIngest.Summary summary) {
            for (BulkIngest.FileRejection rejection : summary.rejections()) {
                console.say("  %s line %d [%s]: %s", label, rejection.fileLine(), rejection.code(), rejection.reason());
            }
            boolean unauthorized = false;
            for (BulkIngest.FailedDigest failure : summary.failures()) {
                console.warn("%s: the digest of lines %d-%d (%d records) got %s: %s", label, failure.firstLine(),
                        failure.lastLine(), failure.records(),
                        failure.status() == 0 ? "no answer" : "HTTP " + failure.status(), failure.reason());
                unauthorized |= failure.status() == 401;
            }
            if (unauthorized) {
                console.warn("the token is read from $PAPERSTREAM_INGEST_TOKEN, else var/ingest.token (the one"
                        + " bin/paperstream up gave ingest)");
            }
            BulkIngest.Progress p = summary.progress();
            String failed = summary.failures().isEmpty() ? "" : ", " + summary.failures().size() + " failed";
            console.say("%s: %d accepted, %d rejected (%d digest%s posted%s, %.1f s)", label, p.accepted(),
                    p.rejected(), p.digests(), p.digests() == 1 ? "" : "s", failed, p.elapsed().toMillis() / 1000.0);
            if (p.accepted() == 0 && summary.failures().isEmpty()) {
                console.warn("%s: nothing was accepted", label);
            }
        }

        static ProgressRenderer.Snapshot snapshot(BulkIngest.Progress p) {
            return new ProgressRenderer.Snapshot(p.records(), p.bytes(), p.accepted(), p.rejected(),
                    p.failedDigests(), p.fileBytesRead(), p.elapsed());
        }

        private static String emptyToNull(String token) {
            return token == null || token.isEmpty() ? null : token;
        }
    }

}
