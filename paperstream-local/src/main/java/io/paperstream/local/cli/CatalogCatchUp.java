package io.paperstream.local.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code --wait}: waits until enrich has tagged everything on papers.parsed and query has materialized
 * everything on papers.enriched (each group's committed offsets at the topics' ends, several polls in a row),
 * showing the backlog as it shrinks, then reports what the command did to the catalog: query's /stats counts, per
 * paper, what its materialization added, updated (title, summary, source, related counts or themes changed) and
 * left unchanged since it started; the report is the difference over the command.
 */
final class CatalogCatchUp {

    private static final Duration POLL = Duration.ofSeconds(1);
    /** Both groups at the end this many polls in a row: a batch in flight between the two is not "caught up". */
    private static final int STABLE_POLLS = 3;
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What query's /stats says of the catalog and of its materialization since it started.
     *
     * @param since when the answering query instance started counting (another value: another process)
     */
    record CatalogState(long papers, String since, long added, long updated, long unchanged, long removed) {

        /** Before anything was counted: what a freshly started query (after a rebuild) is compared with. */
        static final CatalogState NOTHING = new CatalogState(0, null, 0, 0, 0, 0);
    }

    private final Stack stack;
    private final Console console;

    CatalogCatchUp(Stack stack, Console console) {
        this.stack = stack;
        this.console = console;
    }

    /** The catalog's state from query's /stats, when query answers. */
    Optional<CatalogState> state() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(stack.settings().queryUrl() + "/stats")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() != 200 ? Optional.empty() : parse(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<CatalogState> parse(String stats) throws IOException {
        JsonNode root = JSON.readTree(stats);
        JsonNode papers = root.get("papers");
        JsonNode counted = root.get("materialized");
        if (papers == null || !papers.isNumber() || counted == null || !counted.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new CatalogState(papers.asLong(), counted.path("since").asText(null),
                counted.path("added").asLong(), counted.path("updated").asLong(), counted.path("unchanged").asLong(),
                counted.path("removed").asLong()));
    }

    /**
     * Waits until the catalog has caught up with what the command set in motion and reports it.
     *
     * @param before the catalog before the command ({@link CatalogState#NOTHING} when query starts afresh)
     */
    void await(Optional<CatalogState> before) {
        awaitCaughtUp(true);
        console.say(report(before, state()));
    }

    /**
     * The catalog once it has caught up with what was sent before the command: what the command's own papers are
     * compared with.
     */
    Optional<CatalogState> stateWhenCaughtUp() {
        console.say("waiting until the catalog has caught up with earlier input, to count what this command changes");
        awaitCaughtUp(false);
        return state();
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

    /** The caught-up line: papers now, and how many the command added, updated and left unchanged. */
    static String report(Optional<CatalogState> before, Optional<CatalogState> after) {
        if (after.isEmpty()) {
            return "caught up (query does not answer /stats: no paper count)";
        }
        CatalogState now = after.get();
        StringBuilder line = new StringBuilder(String.format("caught up: %,d papers in the catalog", now.papers()));
        if (before.isEmpty()) {
            return line.toString();
        }
        // query restarted in between (rebuild, a crash): its counts started again from zero
        CatalogState then = now.since() != null && now.since().equals(before.get().since()) ? before.get()
                : CatalogState.NOTHING;
        line.append(String.format(": %,d new, %,d updated, %,d unchanged", now.added() - then.added(),
                now.updated() - then.updated(), now.unchanged() - then.unchanged()));
        long removed = now.removed() - then.removed();
        if (removed > 0) {
            line.append(String.format(", %,d removed", removed));
        }
        return line.toString();
    }
}
