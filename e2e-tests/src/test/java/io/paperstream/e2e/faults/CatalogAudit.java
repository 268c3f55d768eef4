package io.paperstream.e2e.faults;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.paperstream.client.CatalogClient.CatalogPaper;
import io.paperstream.client.CatalogClient;

/**
 * What the catalog holds after a scenario, set against what ingest claimed: lost papers (accepted, absent),
 * papers listed twice, papers that were never sent or never claimed, /stats and theme counts against an
 * independent count of the listing, and which papers carry each theme (what the theme streams must have
 * delivered). A paper processed twice after a crash cannot show here (the catalog keys papers by id): the
 * streams' deliveries show it.
 */
public record CatalogAudit(
        String scenario,
        int sent,
        int accepted,
        int refusedDigests,
        int refusedPapers,
        long statsPapers,
        int inCatalog,
        int lost,
        int listedTwice,
        int unexpected,
        int landedFromRefused,
        Map<String, String> themeCountMismatches,
        Map<String, Set<String>> idsByTheme) {

    static final Duration QUIET_FOR = Duration.ofSeconds(10);
    static final Duration MAX_WAIT = Duration.ofMinutes(3);

    /** Waits until the catalog is quiet, then reads all of it. */
    static CatalogAudit of(String scenario, StreamingLoader loader, CatalogClient catalog) {
        Set<String> accepted = loader.acceptedIds();
        Set<String> notClaimed = loader.notClaimedIds();
        catalog.awaitQuiet(accepted.size(), QUIET_FOR, MAX_WAIT);
        long stats = catalog.statsPaperCount();
        CatalogClient.Walk walk = catalog.walk(null);
        Set<String> inCatalog = walk.ids();

        Set<String> lost = new HashSet<>(accepted);
        lost.removeAll(inCatalog);
        Set<String> unexpected = new HashSet<>(inCatalog);
        unexpected.removeAll(accepted);
        unexpected.removeAll(notClaimed);
        Set<String> landed = new HashSet<>(inCatalog);
        landed.retainAll(notClaimed);
        int listedTwice = walk.duplicates();

        Map<String, Long> counted = new TreeMap<>();
        Map<String, Set<String>> idsByTheme = new TreeMap<>();
        for (CatalogPaper paper : walk.papers()) {
            paper.themes().forEach(slug -> counted.merge(slug, 1L, Long::sum));
            paper.themes().forEach(slug -> idsByTheme.computeIfAbsent(slug, s -> new HashSet<>()).add(paper.id()));
        }
        Map<String, String> mismatches = new TreeMap<>();
        Map<String, Long> reported = catalog.themePaperCounts();
        reported.forEach((slug, count) -> {
            long expected = counted.getOrDefault(slug, 0L);
            if (count != expected) {
                mismatches.put(slug, "/themes says " + count + ", the listing has " + expected);
            }
        });
        counted.keySet().stream().filter(slug -> !reported.containsKey(slug))
                .forEach(slug -> mismatches.put(slug, "missing from /themes"));

        int refusedDigests = (int) loader.posts().stream().filter(p -> p.status() != 202).count();
        return new CatalogAudit(scenario, loader.sentIds().size(), accepted.size(), refusedDigests,
                notClaimed.size(), stats, inCatalog.size(), lost.size(), listedTwice, unexpected.size(),
                landed.size(), mismatches, idsByTheme);
    }

    /** The one line per scenario. */
    public String summary() {
        return String.format("FAULT %s: sent=%d accepted=%d 503=%d digests/%d papers in_catalog=%d lost=%d"
                + " listed_twice=%d unexpected=%d landed_from_503=%d stats=%d theme_count_mismatches=%d",
                scenario, sent, accepted, refusedDigests, refusedPapers, inCatalog, lost, listedTwice, unexpected,
                landedFromRefused, statsPapers, themeCountMismatches.size());
    }
}
