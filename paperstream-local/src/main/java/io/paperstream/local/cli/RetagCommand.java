package io.paperstream.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "retag", description = {"re-tag the whole corpus, with another taxonomy if given",
        "Checks the taxonomy first (nothing changes when it is invalid), stops enrich, resets its Kafka Streams",
        "application to the start of papers.parsed (not its theme router), starts it again (with FILE as taxonomy,",
        "kept for later starts) and prints how to go back."})
final class RetagCommand implements Callable<Integer> {

    @ParentCommand
    PaperstreamCommand parent;

    @ArgGroup(exclusive = true)
    Choice choice;

    static final class Choice {
        @Option(names = "--taxonomy", paramLabel = "FILE", description = "tag with this taxonomy from now on")
        Path taxonomy;

        @Option(names = "--default-taxonomy", description = "tag with the taxonomy built into enrich from now on")
        boolean defaultTaxonomy;
    }

    @Mixin
    WaitOption waitOption;

    /** Seam for tests: the check of a taxonomy file. */
    TaxonomyValidator validator;

    @Override
    public Integer call() {
        Stack stack = parent.stack();
        Console console = parent.console();
        Path enrichApp = stack.serviceJar("enrich").getParent();
        Optional<String> before = stack.taxonomyPath();
        String goBack = before.map(path -> "bin/paperstream retag --taxonomy " + path)
                .orElse("bin/paperstream retag --default-taxonomy");

        // everything that can refuse comes before the first change of state
        Path taxonomy = choice == null ? null : choice.taxonomy;
        if (taxonomy != null) {
            if (!Files.isRegularFile(stack.serviceJar("enrich"))) {
                throw new CliException("enrich-service is not built: cannot check " + taxonomy);
            }
            TaxonomyValidator check = validator != null ? validator
                    : new TaxonomyValidator(enrichApp, stack.settings().toolHeap());
            TaxonomyValidator.Verdict verdict = check.check(taxonomy);
            if (!verdict.valid()) {
                throw new CliException(verdict.message() + " (nothing changed: enrich keeps "
                        + before.orElse("its built-in taxonomy") + ")");
            }
            console.say("%s: %s", taxonomy, verdict.message());
        }
        if (!stack.settings().taxonomyPath().isEmpty() && choice != null) {
            throw new CliException("PAPERSTREAM_TAXONOMY_PATH is set: it wins over --taxonomy and"
                    + " --default-taxonomy; unset it first");
        }
        stack.var().prepare();
        stack.requireLocalInfrastructure();
        stack.requireRunning("kafka");
        if (!Files.isRegularFile(stack.serviceJar("enrich"))) {
            throw new CliException("enrich-service is not built");
        }

        CatalogCatchUp catchUp = new CatalogCatchUp(stack, console);
        Optional<CatalogCatchUp.CatalogState> catalogBefore = waitOption.waitForCatalog
                ? catchUp.stateWhenCaughtUp() : Optional.empty();
        record(stack, taxonomy, choice != null && choice.defaultTaxonomy);
        stack.stop("enrich");
        Settings s = stack.settings();
        // Only the enrich application is reset: it has no internal topic and no state store, so the reset moves
        // its offsets on papers.parsed back to the start. The theme router keeps its offsets on papers.enriched:
        // it copies the re-tagged versions as they come; resetting it would copy every paper a second time.
        new GroupOffsets(s.bootstrapServers(), s.groupResetTimeout(), console)
                .resetToEarliest(s.enrichApplicationId(), s.parsedTopic(),
                        " (not the theme router " + s.themeRouterApplicationId() + ")");
        try {
            stack.startService("enrich", stack.datasource(null));
        } catch (CliException e) {
            throw new CliException(e.getMessage() + "\nto go back: " + goBack);
        }
        console.say("enrich re-reads %s and tags it with %s", s.parsedTopic(),
                stack.taxonomyPath().orElse("its built-in taxonomy"));
        if (taxonomy != null || (choice != null && choice.defaultTaxonomy)) {
            console.say("to go back: %s", goBack);
        }
        if (waitOption.waitForCatalog) {
            catchUp.await(catalogBefore);
        }
        return 0;
    }

    /** Keeps the choice for later starts of enrich: a file's absolute path, or nothing for the default. */
    private static void record(Stack stack, Path taxonomy, boolean useDefault) {
        Path file = stack.var().taxonomyRecord();
        try {
            if (useDefault) {
                Files.deleteIfExists(file);
            } else if (taxonomy != null) {
                Files.writeString(file, taxonomy.toAbsolutePath().normalize() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
