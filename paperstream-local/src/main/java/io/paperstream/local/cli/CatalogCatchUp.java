package io.paperstream.local.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

import org.apache.kafka.clients.admin.Admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code --wait}: waits until enrich has tagged everything on papers.parsed and query has materialized
 * everything on papers.enriched (each group's committed offsets at the topics' ends, twice in a row), showing
 * the backlog as it shrinks, then reports the catalog's papers against the count before the command.
 */
final class CatalogCatchUp {

    private static final Duration POLL = Duration.ofSeconds(1);
    /** Both groups at the end this many polls in a row: a batch in flight between the two is not "caught up". */
    private static final int STABLE_POLLS = 3;
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Stack stack;
    private final Console console;

    CatalogCatchUp(Stack stack, Console console) {
        this.stack = stack;
        this.console = console;
    }

    /** The catalog's paper count from query's /stats, when query answers. */
    OptionalLong papers() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(stack.settings().queryUrl() + "/stats")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalLong.empty();
            }
            JsonNode papers = JSON.readTree(response.body()).get("papers");
            return papers == null || !papers.isNumber() ? OptionalLong.empty() : OptionalLong.of(papers.asLong());
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /**
     * @param papersBefore the catalog's papers before the command, or null when unknown (rebuild, retag)
     * @param accepted     records ingest accepted, or -1 when the command ingested nothing
     */
    void await(OptionalLong papersBefore, long accepted) {
        awaitCaughtUp(true);
        console.say(report(papersBefore, papers(), accepted));
    }

    /**
     * The catalog's papers once it has caught up with what was sent before: a count that the command's own
     * papers can be compared with.
     */
    OptionalLong papersWhenCaughtUp() {
        console.say("waiting until the catalog has caught up with earlier input, to count what this adds");
        awaitCaughtUp(false);
        return papers();
    }

    private void awaitCaughtUp(boolean announce) {
        Settings s = stack.settings();
        GroupOffsets offsets = new GroupOffsets(s.bootstrapServers(), s.groupResetTimeout(), console);
        long deadline = System.nanoTime() + s.catchUpTimeout().toNanos();
        long nextReport = 0;
        int stable = 0;
        if (announce) {
            console.say("waiting until the catalog has caught up (enrich on %s, query on %s)", s.parsedTopic(),
                    s.enrichedTopic());
        }
        try (Admin admin = offsets.admin()) {
            while (stable < STABLE_POLLS) {
                long tagging = offsets.lag(admin, s.enrichApplicationId(), s.parsedTopic());
                long materializing = offsets.lag(admin, s.queryGroup(), s.enrichedTopic());
                stable = tagging == 0 && materializing == 0 ? stable + 1 : 0;
                if (stable == 0 && System.nanoTime() > nextReport) {
                    console.say("  %,d records to tag, %,d to materialize", tagging, materializing);
                    nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
                }
                if (System.nanoTime() > deadline) {
                    throw new CliException("the catalog has not caught up within " + s.catchUpTimeout().toSeconds()
                            + "s (PAPERSTREAM_CATCH_UP_TIMEOUT); bin/paperstream logs enrich query tells why");
                }
                if (stable < STABLE_POLLS) {
                    io.paperstream.local.process.Readiness.sleep(POLL);
                }
            }
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliException("cannot tell whether the catalog has caught up: " + GroupOffsets.rootMessage(e));
        }
    }

    /** The caught-up line: papers now, how many are new, and how many accepted records repeated a known title. */
    static String report(OptionalLong before, OptionalLong after, long accepted) {
        if (after.isEmpty()) {
            return "caught up (query does not answer /stats: no paper count)";
        }
        StringBuilder line = new StringBuilder(String.format("caught up: %,d papers in the catalog",
                after.getAsLong()));
        if (before.isPresent()) {
            long added = after.getAsLong() - before.getAsLong();
            line.append(String.format(", %,d new", added));
            if (accepted >= 0) {
                // a record whose title is already in the catalog updates that paper, or changes nothing
                line.append(String.format(", %,d updated or unchanged (a title the catalog already had)",
                        Math.max(0, accepted - added)));
            }
        }
        return line.toString();
    }
}
