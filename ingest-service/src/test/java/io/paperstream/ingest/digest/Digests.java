package io.paperstream.ingest.digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.paperstream.events.PaperLimits;

/** Test inputs that live in the repository or beside it (tests run in the module directory). */
public final class Digests {

    /** The seed digest of the repository: 9 records, the first with two Related lines. */
    public static final Path SEED = Path.of("../seeds/000_cb297068b36b3f4f.txt");
    /** Real data outside the repository; tests that use it skip when it is absent. */
    public static final Path DIGEST_5K = Path.of("../../shared/data/arxiv-digest-5k.txt");
    public static final Path ABSTRACTS_100K = Path.of("../../shared/data/arxiv-abstracts-100k.txt.gz");

    private Digests() {
    }

    public static byte[] seedBytes() {
        try {
            return Files.readAllBytes(SEED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Limits as the service ships them, read from the shipped configuration files. */
    public static DigestLimits defaultLimits() {
        return ShippedConfig.digestLimits();
    }

    /** The shipped limits with the given line limits; records per digest and sizes as shipped. */
    public static DigestLimits limits(int maxTitleLength, int maxSummaryLength, long maxRelatedCount,
            int maxRejectedTextLength, int maxRelatedLines) {
        DigestLimits shipped = defaultLimits();
        PaperLimits paper = shipped.paper();
        return new DigestLimits(new PaperLimits(maxTitleLength, maxSummaryLength, paper.maxSourceLength(),
                maxRelatedLines, maxRelatedCount, paper.maxRecordBytes()), maxRejectedTextLength,
                shipped.maxRecordsPerDigest());
    }

    /** The shipped limits with another number of records per digest. */
    public static DigestLimits withMaxRecords(int maxRecordsPerDigest) {
        DigestLimits shipped = defaultLimits();
        return new DigestLimits(shipped.paper(), shipped.maxRejectedTextLength(), maxRecordsPerDigest);
    }
}
