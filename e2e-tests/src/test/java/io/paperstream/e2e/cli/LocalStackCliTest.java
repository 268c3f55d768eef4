package io.paperstream.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.paperstream.e2e.harness.ProjectLayout;
import io.paperstream.e2e.harness.Progress;
import io.paperstream.local.process.FreePorts;

/**
 * The README's local commands through bin/paperstream (the shim and the Java CLI), as a user runs them, on
 * free ports and with a var/ of the test's own ({@code PAPERSTREAM_VAR}): {@code up} starts the whole stack and
 * streams the seeds; {@code status} sees it; {@code ingest --wait} loads a digest, names each rejected record's
 * file line, and reports the catalog once it has caught up; {@code ingest} of nothing valid fails; a second
 * {@code up} starts nothing twice and leaves seeds the catalog has alone; {@code retag} refuses a bad taxonomy
 * without touching the stack; {@code --wait} on ingest, retag and rebuild reports new, updated and unchanged papers
 * as the input makes them; {@code down} stops everything. One stack for the whole class, in that order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackCliTest {

    private static final long COMMAND_TIMEOUT_MINUTES = 10;
    private static final List<String> PROCESSES = List.of("kafka", "postgres", "ingest", "enrich", "query");
    private static final Pattern ACCEPTED = Pattern.compile(": (\\d+) accepted, (\\d+) rejected");
    private static final Pattern CAUGHT_UP = Pattern.compile(
            "caught up: ([0-9,]+) papers in the catalog: ([0-9,]+) new, ([0-9,]+) updated, ([0-9,]+) unchanged");

    private static ProjectLayout layout;
    private static Path work;
    private static Path var;
    private static final Map<String, String> ENV = new HashMap<>();
    private static int run;
    /** The digest {@code ingest --wait} first loaded, and the tag that makes its titles unique to this run. */
    private static Path mixedDigest;
    private static String mixedTag;

    /** What one command printed and its exit status. */
    record Outcome(int status, String output) {
    }

    @BeforeAll
    static void freePortsAndOwnVar() throws IOException {
        layout = ProjectLayout.detect();
        work = layout.workDir().resolve("cli-e2e");
        var = work.resolve("var");
        // a stack left by an aborted run of this class: stop it before its var/ goes
        if (Files.isDirectory(var.resolve("run"))) {
            ENV.put("PAPERSTREAM_VAR", var.toString());
            command("down");
        }
        io.paperstream.local.process.KafkaBroker.deleteRecursively(work);
        Files.createDirectories(work);
        ENV.put("PAPERSTREAM_VAR", var.toString());
        for (String port : List.of("KAFKA", "KAFKA_CONTROLLER", "POSTGRES", "INGEST", "ENRICH", "QUERY")) {
            ENV.put("PAPERSTREAM_" + port + "_PORT", Integer.toString(FreePorts.next()));
        }
        // small heaps: the machine is shared with the rest of the build
        ENV.put("PAPERSTREAM_KAFKA_HEAP", "256m");
        // a wait, not a measure: on a loaded machine a service takes minutes to start (90 s failed here at load 100)
        ENV.put("PAPERSTREAM_READY_TIMEOUT", "900");
    }

    @AfterAll
    static void down() throws IOException {
        command("down");
    }

    @Test
    @Order(1)
    void upStartsEveryProcessAndStreamsTheSeeds() throws IOException {
        Outcome up = command("up", "--no-build");

        assertThat(up.status()).as(up.output()).isZero();
        for (String name : PROCESSES) {
            assertThat(up.output()).as(up.output()).containsPattern("(?m)^" + name + " started \\(pid \\d+\\)");
        }
        assertThat(accepted(up.output(), "seeds/000_cb297068b36b3f4f.txt")).as(up.output()).isPositive();
        assertThat(up.output()).contains("Stop everything with: bin/paperstream down");
    }

    @Test
    @Order(2)
    void statusSeesEveryProcessRunningAndReady() throws IOException {
        Outcome status = command("status");

        assertThat(status.status()).isZero();
        List<String> rows = status.output().lines().skip(1).toList();
        assertThat(rows).extracting(row -> row.split("\\s+")[0]).containsExactlyElementsOf(PROCESSES);
        assertThat(rows).allSatisfy(row -> assertThat(row).containsAnyOf("running, ready", "running, port open"));
    }

    @Test
    @Order(3)
    void ingestNamesEachRejectedLineAndWaitsForTheCatalog() throws IOException {
        String tag = UUID.randomUUID().toString();
        // line 1-2 a paper, 4 a title whose summary never comes (blank line 5), 6-7 and 8-9 papers
        Path digest = Files.writeString(work.resolve("mixed.txt"), String.join("\n",
                "CLI paper one " + tag, "The first summary.", "",
                "A title without summary " + tag, "",
                "CLI paper two " + tag, "The second summary.",
                "CLI paper three " + tag, "The third summary.", ""));

        Outcome ingest = command("ingest", "--wait", digest.toString());

        assertThat(ingest.status()).as(ingest.output()).isZero();
        assertThat(ACCEPTED.matcher(ingest.output()).results().map(m -> m.group(1) + "/" + m.group(2)).toList())
                .as(ingest.output()).containsExactly("3/1");
        assertThat(ingest.output()).as(ingest.output())
                .containsPattern("mixed\\.txt line 4 \\[missing-summary\\]: the title on line 4 has no summary");
        assertThat(caughtUp(ingest.output())).as(ingest.output()).isEqualTo(new CatalogChange(3, 0, 0));
        mixedDigest = digest;
        mixedTag = tag;
    }

    @Test
    @Order(4)
    void ingestingTheSameTextAgainLeavesEveryPaperUnchanged() throws IOException {
        Outcome again = command("ingest", "--wait", mixedDigest.toString());

        assertThat(again.status()).as(again.output()).isZero();
        // the 3 papers of the same digest: each a newer version with the same title, summary and themes
        assertThat(caughtUp(again.output())).as(again.output()).isEqualTo(new CatalogChange(0, 0, 3));
    }

    @Test
    @Order(5)
    void anEditedSummaryUpdatesItsPaperAndANewTitleAddsOne() throws IOException {
        Path edited = Files.writeString(work.resolve("edited.txt"), String.join("\n",
                "CLI paper two " + mixedTag, "The second summary, revised with more words.", "",
                "CLI paper four " + mixedTag, "The fourth summary.", ""));

        Outcome ingest = command("ingest", "--wait", edited.toString());

        assertThat(ingest.status()).as(ingest.output()).isZero();
        assertThat(caughtUp(ingest.output())).as(ingest.output()).isEqualTo(new CatalogChange(1, 1, 0));
    }

    @Test
    @Order(6)
    void ingestFailsWhenNothingIsAccepted() throws IOException {
        Path digest = Files.writeString(work.resolve("bad.txt"), "Only a title\n\nAnother lonely title\n");

        Outcome ingest = command("ingest", digest.toString());

        assertThat(ingest.status()).as(ingest.output()).isEqualTo(1);
        assertThat(ingest.output()).contains("bad.txt: 0 accepted, 2 rejected").contains("nothing was accepted");
    }

    @Test
    @Order(7)
    void aSecondUpStartsNothingTwiceAndLeavesKnownSeedsAlone() throws IOException {
        Outcome up = command("up", "--no-build");

        assertThat(up.status()).as(up.output()).isZero();
        for (String name : PROCESSES) {
            assertThat(up.output()).containsPattern("(?m)^" + name + " already running \\(pid \\d+\\)");
        }
        assertThat(up.output()).as(up.output()).containsPattern("seeds/000_cb297068b36b3f4f\\.txt: all \\d+ papers"
                + " already in the catalog: nothing to send");
        assertThat(up.output()).doesNotContainPattern("seeds/000_cb297068b36b3f4f\\.txt: \\d+ accepted");
    }

    @Test
    @Order(8)
    void retagRefusesAnInvalidTaxonomyAndLeavesEnrichAsItWas() throws IOException {
        Path bad = Files.writeString(work.resolve("bad-taxonomy.yaml"), "version: \"1\"\nthemes: []\n");
        String enrichPid = Files.readString(var.resolve("run/enrich.pid")).trim();

        Outcome retag = command("retag", "--taxonomy", bad.toString());

        assertThat(retag.status()).as(retag.output()).isEqualTo(1);
        assertThat(retag.output().lines().toList()).as(retag.output()).singleElement().asString()
                .startsWith("paperstream: ").contains("'scoring' is missing").contains("nothing changed");
        assertThat(var.resolve("enrich.taxonomy")).doesNotExist();
        assertThat(Files.readString(var.resolve("run/enrich.pid")).trim()).isEqualTo(enrichPid);
        assertThat(ProcessHandle.of(Long.parseLong(enrichPid)).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    @Order(9)
    void retagWithTheSameTaxonomyRewritesEveryPaperAndChangesNone() throws IOException {
        Outcome retag = command("retag", "--wait");

        assertThat(retag.status()).as(retag.output()).isZero();
        // every paper comes back from enrich with the same themes: the whole catalog, unchanged
        assertThat(caughtUp(retag.output())).as(retag.output())
                .isEqualTo(new CatalogChange(0, 0, papersInCatalog(retag.output())));
    }

    @Test
    @Order(10)
    void rebuildMaterializesEveryPaperAgainAsNew() throws IOException {
        Outcome rebuild = command("rebuild", "--wait");

        assertThat(rebuild.status()).as(rebuild.output()).isZero();
        assertThat(caughtUp(rebuild.output()).added()).as(rebuild.output()).isEqualTo(papersInCatalog(rebuild.output()))
                .isPositive();
    }

    @Test
    @Order(11)
    void downStopsEveryProcess() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String name : PROCESSES) {
            pids.add(Long.parseLong(Files.readString(var.resolve("run/" + name + ".pid")).trim()));
        }

        Outcome down = command("down");

        assertThat(down.status()).as(down.output()).isZero();
        for (String name : PROCESSES) {
            assertThat(down.output()).containsPattern("(?m)^stopped " + name + " \\(pid \\d+\\)");
            assertThat(var.resolve("run/" + name + ".pid")).doesNotExist();
        }
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        Outcome status = command("status");
        assertThat(status.output().lines().skip(1)).allMatch(row -> row.endsWith("stopped"));
    }

    /** What {@code --wait} reported: papers added, updated and left unchanged by the command. */
    record CatalogChange(long added, long updated, long unchanged) {
    }

    private static CatalogChange caughtUp(String output) {
        Matcher matcher = CAUGHT_UP.matcher(output);
        assertThat(matcher.find()).as("a caught-up report in:%n%s", output).isTrue();
        return new CatalogChange(number(matcher.group(2)), number(matcher.group(3)), number(matcher.group(4)));
    }

    private static long papersInCatalog(String output) {
        Matcher matcher = CAUGHT_UP.matcher(output);
        assertThat(matcher.find()).as("a caught-up report in:%n%s", output).isTrue();
        return number(matcher.group(1));
    }

    private static long number(String grouped) {
        return Long.parseLong(grouped.replace(",", ""));
    }

    private static long accepted(String output, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + ACCEPTED.pattern()).matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    static Outcome command(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", layout.root().resolve("bin/paperstream").toString()));
        command.addAll(List.of(args));
        Path log = work.resolve("command-" + (++run) + ".log");
        Files.createDirectories(work);
        ProcessBuilder builder = new ProcessBuilder(command).directory(layout.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERSTREAM_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(ENV);
        Progress.log("bin/paperstream %s", String.join(" ", args));
        Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("bin/paperstream " + String.join(" ", args) + " did not end; output:\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String output = Files.readString(log);
        Progress.log("  exit %d%n%s", process.exitValue(), output.strip());
        return new Outcome(process.exitValue(), output);
    }
}
