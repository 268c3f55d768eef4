package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retag checks the taxonomy before anything else: a bad file changes no state and is not kept for later. */
class RetagCommandTest {

    @TempDir
    Path root;

    @Test
    void refusesAnInvalidTaxonomyWithOneLineAndChangesNothing() throws IOException {
        Path enrichJar = root.resolve("enrich-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(enrichJar.getParent());
        Files.writeString(enrichJar, "");
        Path bad = Files.writeString(root.resolve("bad.yaml"), "version: x\n");
        CliFixture cli = new CliFixture(root);
        RetagCommand retag = cli.subcommand("retag", RetagCommand.class);
        retag.validator = new TaxonomyValidator(enrichJar.getParent(), "64m") {
            @Override
            Verdict check(Path file) {
                return new Verdict(false, "taxonomy " + file + " is invalid: 'scoring' is missing");
            }
        };

        int status = cli.run("retag", "--taxonomy", bad.toString());

        assertThat(status).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .contains("'scoring' is missing")
                .contains("nothing changed: enrich keeps its built-in taxonomy");
        assertThat(cli.out()).isEmpty();
        assertThat(filesUnder(root.resolve("var"))).isEmpty();
    }

    @Test
    void refusesAFileThatCannotBeReadWithTheRealCheck() {
        CliFixture cli = new CliFixture(root);
        Path enrichApp = root.resolve("enrich-service/target/quarkus-app");

        TaxonomyValidator.Verdict verdict = new TaxonomyValidator(enrichApp, "64m").check(root.resolve("nope.yaml"));

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.message()).endsWith("nope.yaml: not a readable file");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void keepsTheTaxonomyOfAnEarlierRetagWhenTheNewOneIsInvalid() throws IOException {
        Path enrichJar = root.resolve("enrich-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(enrichJar.getParent());
        Files.writeString(enrichJar, "");
        Path record = root.resolve("var/enrich.taxonomy");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "/somewhere/good.yaml\n");
        CliFixture cli = new CliFixture(root);
        cli.subcommand("retag", RetagCommand.class).validator = new TaxonomyValidator(enrichJar.getParent(), "64m") {
            @Override
            Verdict check(Path file) {
                return new Verdict(false, "bad");
            }
        };

        assertThat(cli.run("retag", "--taxonomy", "other.yaml")).isEqualTo(1);

        assertThat(Files.readString(record)).isEqualTo("/somewhere/good.yaml\n");
        assertThat(cli.err()).contains("enrich keeps /somewhere/good.yaml");
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
