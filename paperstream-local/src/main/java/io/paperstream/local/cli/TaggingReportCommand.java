package io.paperstream.local.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.paperstream.local.process.ProcessStarter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "tagging-report", description = {"the tagger's quality on the hand-labelled papers",
        "Micro and per-theme precision/recall/F1 on ../shared/data/tagging-dev (or --dev) for summaries and abstracts, and the",
        "themes most often mixed up (enrich-service's TaggingReport). Needs no running stack; builds enrich-service's",
        "test classes first."})
final class TaggingReportCommand implements Callable<Integer> {

    static final String REPORT = "io.paperstream.enrich.tagging.TaggingReport";
    /** Where Maven writes enrich-service's test class path (relative to the module). */
    static final String CLASS_PATH_FILE = "target/test-classpath.txt";

    @ParentCommand
    PaperstreamCommand parent;

    @Option(names = "--errors", description = "also every wrong or missed tag with its evidence")
    boolean errors;

    @Option(names = "--taxonomy", paramLabel = "FILE", description = "score this taxonomy instead of the default")
    Path taxonomy;

    @Option(names = "--dev", paramLabel = "FILE", description = {"score against these hand-labelled papers instead of",
            "../shared/data/tagging-dev/gold-dev.jsonl (JSON lines of the same fields: id, title, summary, abstract, gold)"})
    Path dev;

    @Override
    public Integer call() throws Exception {
        Path root = parent.stack().settings().root();
        if (taxonomy != null && !Files.isReadable(taxonomy)) {
            throw new CliException("tagging-report: cannot read the taxonomy " + taxonomy);
        }
        if (dev != null && !(Files.isRegularFile(dev) && Files.isReadable(dev))) {
            throw new CliException("tagging-report: cannot read the labelled papers " + dev);
        }
        List<String> build = List.of("./mvnw", "-B", "-ntp", "-q", "-pl", "enrich-service", "-am", "test-compile",
                "dependency:build-classpath", "-Dmdep.outputFile=" + CLASS_PATH_FILE, "-Dmdep.includeScope=test");
        if (new ProcessBuilder(build).directory(root.toFile()).inheritIO().start().waitFor() != 0) {
            throw new CliException("tagging-report: building enrich-service's tests failed: " + String.join(" ", build));
        }
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary()));
        command.addAll(reportProperties());
        command.addAll(List.of("-cp", classPath(root.resolve("enrich-service")), REPORT));
        return new ProcessBuilder(command).directory(root.toFile()).inheritIO().start().waitFor();
    }

    /** The options as the system properties TaggingReport reads (files as absolute paths: it runs from the root). */
    List<String> reportProperties() {
        List<String> properties = new ArrayList<>();
        if (errors) {
            properties.add("-Dtagging.errors=true");
        }
        if (taxonomy != null) {
            properties.add("-Dtagging.taxonomy=" + taxonomy.toAbsolutePath());
        }
        if (dev != null) {
            properties.add("-Dtagging.dev=" + dev.toAbsolutePath());
        }
        return properties;
    }

    private static String classPath(Path module) throws IOException {
        String dependencies = Files.readString(module.resolve(CLASS_PATH_FILE), StandardCharsets.UTF_8).strip();
        return String.join(File.pathSeparator, module.resolve("target/classes").toString(),
                module.resolve("target/test-classes").toString(), dependencies);
    }
}
