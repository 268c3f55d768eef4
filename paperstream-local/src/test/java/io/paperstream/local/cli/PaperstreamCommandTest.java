package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperstreamCommandTest {

    @TempDir
    Path root;

    @Test
    void listsEveryDocumentedCommandInItsHelp() {
        CliFixture cli = new CliFixture(root);

        int status = cli.run("help");

        assertThat(status).isZero();
        for (String command : List.of("up", "down", "status", "ingest", "retag", "rebuild", "bench", "logs")) {
            assertThat(cli.out()).containsPattern("(?m)^\\s+" + command + "\\s");
        }
        assertThat(cli.out()).contains("PAPERSTREAM_KAFKA_PORT [the port of kafka.bootstrap.servers in ingest's");
    }

    @Test
    void refusesAnUnknownCommandWithUsageStatus() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("start")).isEqualTo(2);
        assertThat(cli.err()).contains("start");
    }

    @Test
    void refusesAnUnknownOptionOfUp() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("up", "--seeds-only")).isEqualTo(2);
        assertThat(cli.err()).contains("--seeds-only");
    }

    @Test
    void refusesRebuildTogetherWithNoBuildBeforeStartingAnything() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("up", "--rebuild", "--no-build")).isEqualTo(1);
        assertThat(cli.err()).contains("--rebuild and --no-build");
        assertThat(root.resolve("var")).doesNotExist();
    }

    @Test
    void refusesTaxonomyTogetherWithDefaultTaxonomy() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("retag", "--taxonomy", "a.yaml", "--default-taxonomy")).isEqualTo(2);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void ingestNeedsAFile() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("ingest")).isEqualTo(2);
        assertThat(cli.err()).contains("FILE");
    }

    @Test
    void benchHandsEveryOtherArgumentToTheBenchmarkInOrder() {
        CliFixture cli = new CliFixture(root);
        cli.commandLine.parseArgs("bench", "--papers", "20000", "--skip-capacity", "--rate", "50");

        BenchCommand bench = cli.subcommand("bench", BenchCommand.class);

        assertThat(bench.parser).isFalse();
        assertThat(bench.args).containsExactly("--papers", "20000", "--skip-capacity", "--rate", "50");
    }

    @Test
    void taggingReportHandsItsFilesToTheReportAsAbsolutePaths() {
        CliFixture cli = new CliFixture(root);
        cli.commandLine.parseArgs("tagging-report", "--dev", "labels.jsonl", "--taxonomy", "draft.yaml", "--errors");

        TaggingReportCommand report = cli.subcommand("tagging-report", TaggingReportCommand.class);

        // enrich-service's TaggingReport reads tagging.dev (DevSet), tagging.taxonomy and tagging.errors
        assertThat(report.reportProperties()).containsExactly("-Dtagging.errors=true",
                "-Dtagging.taxonomy=" + Path.of("draft.yaml").toAbsolutePath(),
                "-Dtagging.dev=" + Path.of("labels.jsonl").toAbsolutePath());
    }

    @Test
    void taggingReportRefusesLabelledPapersItCannotReadBeforeBuilding() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("tagging-report", "--dev", root.resolve("missing.jsonl").toString())).isEqualTo(1);
        // the refusal, not the build's failure (there is no ./mvnw in this root)
        assertThat(cli.err()).contains("cannot read the labelled papers").contains("missing.jsonl");
    }

    @Test
    void benchTellsWhenTheBenchmarkIsNotBuilt() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("bench", "--parser")).isEqualTo(1);
        assertThat(cli.err()).contains("paperstream-bench is not built");
    }

    @Test
    void namesTheVariableOfABadSetting() {
        CliFixture cli = new CliFixture(root);
        cli.environment.put("PAPERSTREAM_QUERY_PORT", "80833");

        assertThat(cli.run("status")).isEqualTo(1);
        assertThat(cli.err()).contains("PAPERSTREAM_QUERY_PORT=80833 is not a TCP port");
    }

    @Test
    void logsRefusesANameThatIsNoProcess() {
        CliFixture cli = new CliFixture(root);

        assertThat(cli.run("logs", "postgress")).isEqualTo(1);
        assertThat(cli.err()).contains("unknown name postgress");
    }

    @Test
    void statusShowsEveryProcessStoppedOnAFreshCheckout() throws IOException {
        CliFixture cli = new CliFixture(root);
        // ports nobody listens on: this JVM's own free ports, released
        for (String setting : List.of("KAFKA", "POSTGRES", "INGEST", "ENRICH", "QUERY")) {
            cli.environment.put("PAPERSTREAM_" + setting + "_PORT",
                    Integer.toString(io.paperstream.local.process.FreePorts.next()));
        }

        assertThat(cli.run("status")).isZero();

        List<String> rows = cli.out().lines().skip(1).toList();
        assertThat(rows).extracting(row -> row.split("\\s+")[0])
                .containsExactly("kafka", "postgres", "ingest", "enrich", "query");
        assertThat(rows).allMatch(row -> row.endsWith("stopped"));
        assertThat(varFiles()).isEmpty();
    }

    private List<Path> varFiles() throws IOException {
        if (!Files.exists(root.resolve("var"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root.resolve("var"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
