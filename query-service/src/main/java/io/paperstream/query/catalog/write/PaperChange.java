package io.paperstream.query.catalog.write;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one record of papers.enriched asks of the catalog.
 * <p>
 * {@link #shard()} is the counter shard the change's count deltas go to: the partition the record came from, so
 * that instances owning different partitions never update the same counter row.
 */
public sealed interface PaperChange {

    /** Which of two versions of a paper is newer: the later ingestion, then the later enrichment. */
    Comparator<PaperRow> VERSION_ORDER = Comparator.comparing(PaperRow::ingestedAt)
            .thenComparing(PaperRow::enrichedAt);

    String paperId();

    int shard();

    /** Insert the paper, or replace it if this version is newer than the stored one. */
    record Upsert(PaperRow paper, int shard) implements PaperChange {

        @Override
        public String paperId() {
            return paper.id();
        }
    }

    /** A tombstone on the compacted topic: the paper leaves the catalog. */
    record Removal(String paperId, int shard) implements PaperChange {
    }

    /**
     * One change per paper, as applying the batch in order would leave it: a removal wins over what came before
     * it, a record after a removal brings the paper back, and of two versions the newer one stays (the database
     * applies the same rule against what it holds).
     */
    static List<PaperChange> latestPerPaper(List<PaperChange> changes) {
        Map<String, PaperChange> latest = new LinkedHashMap<>();
        for (PaperChange change : changes) {
            latest.merge(change.paperId(), change, PaperChange::laterOf);
        }
        return List.copyOf(latest.values());
    }

    private static PaperChange laterOf(PaperChange earlier, PaperChange later) {
        if (earlier instanceof Upsert older && later instanceof Upsert newer) {
            return VERSION_ORDER.compare(newer.paper(), older.paper()) > 0 ? newer : older;
        }
        return later;
    }
}
