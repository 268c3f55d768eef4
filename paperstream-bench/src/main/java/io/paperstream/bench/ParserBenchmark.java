package io.paperstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.DigestParser;
import io.paperstream.ingest.digest.ParsedDigest;

/**
 * Ingest's {@link DigestParser} alone: the 100k-paper file decompressed in memory, cut into digests of the size
 * the launcher posts, parsed from UTF-8 bytes (as ingest does, decoding included) several times; prints MB/s of
 * digest text and papers/s. Run: {@code bin/paperstream bench --parser [--data FILE] [--rounds N]}.
 */
public final class ParserBenchmark {

    private static final int RECORDS_PER_DIGEST = 2_000;
    /** ingest's limits: the shared paper limits as shipped; the digest-only ones never bind on the bench's digests. */
    private static final DigestLimits INGEST_LIMITS = new DigestLimits(PaperLimits.shipped(), 65_536,
            RECORDS_PER_DIGEST);
    private static final int LINES_PER_RECORD = 2;
    private static final int DEFAULT_WARM_UP_ROUNDS = 3;
    private static final int DEFAULT_ROUNDS = 5;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private ParserBenchmark() {
    }

    public static void main(String[] args) {
        Path data = StackDefaults.corpus();
        int rounds = DEFAULT_ROUNDS;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("ParserBenchmark [--data FILE] [--rounds N]: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (!data.toFile().canRead()) {
            System.err.println("ParserBenchmark: cannot read " + data + " (the shared data set; --data FILE)");
            System.exit(2);
        }
        byte[] text = PaperCorpus.readAll(data);
        List<byte[]> digests = split(text, RECORDS_PER_DIGEST * LINES_PER_RECORD);
        DigestParser parser = new DigestParser(INGEST_LIMITS);
        System.out.printf(Locale.ROOT, "DigestParser over %s: %.1f MB in %,d digests of up to %,d records%n", data,
                text.length / BYTES_PER_MB, digests.size(), RECORDS_PER_DIGEST);
        for (int round = 0; round < DEFAULT_WARM_UP_ROUNDS; round++) {
            parseAll(parser, digests);
        }
        double[] mbPerSecond = new double[rounds];
        long records = 0;
        long rejected = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long[] counts = parseAll(parser, digests);
            double seconds = (System.nanoTime() - start) / 1e9;
            records = counts[0];
            rejected = counts[1];
            mbPerSecond[round] = text.length / BYTES_PER_MB / seconds;
            System.out.printf(Locale.ROOT, "  round %d: %.1f MB/s, %,.0f papers/s%n", round + 1, mbPerSecond[round],
                    records / seconds);
        }
        Arrays.sort(mbPerSecond);
        System.out.printf(Locale.ROOT, "median %.1f MB/s (%,d records, %,d rejected per round)%n",
                mbPerSecond[rounds / 2], records, rejected);
    }

    /** Valid and rejected records of all digests. */
    private static long[] parseAll(DigestParser parser, List<byte[]> digests) {
        long records = 0;
        long rejected = 0;
        for (byte[] digest : digests) {
            ParsedDigest parsed = parser.parse(digest);
            records += parsed.records().size();
            rejected += parsed.rejected().size();
        }
        return new long[] {records, rejected};
    }

    /** Cuts the text after every {@code lines} non-blank lines: at record boundaries of a title+abstract file. */
    static List<byte[]> split(byte[] text, int lines) {
        List<byte[]> digests = new ArrayList<>();
        int start = 0;
        int counted = 0;
        boolean blank = true;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                if (!blank && ++counted == lines) {
                    digests.add(Arrays.copyOfRange(text, start, i + 1));
                    start = i + 1;
                    counted = 0;
                }
                blank = true;
            } else if (text[i] != '\r' && text[i] != ' ' && text[i] != '\t') {
                blank = false;
            }
        }
        if (start < text.length) {
            digests.add(Arrays.copyOfRange(text, start, text.length));
        }
        return digests;
    }
}
