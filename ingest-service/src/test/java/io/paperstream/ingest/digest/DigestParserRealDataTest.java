package io.paperstream.ingest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

/** The real arXiv digests beside the repository; skipped when they are not there. */
class DigestParserRealDataTest {

    /** What the service takes per POST by default. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final DigestParser parser = new DigestParser(Digests.defaultLimits());

    @Test
    void allOfThe5kDigestParses() throws IOException {
        assumeTrue(Files.isReadable(Digests.DIGEST_5K), "no " + Digests.DIGEST_5K);

        ParsedDigest digest = parser.parse(Files.readAllBytes(Digests.DIGEST_5K));

        assertThat(digest.rejected()).isEmpty();
        assertThat(digest.records()).hasSize(5000);
        assertThat(digest.records()).allSatisfy(record -> assertThat(record.related()).isEmpty());
    }

    /**
     * The 100k abstracts, cut into POST-sized digests at record boundaries (two lines per record) as a client
     * would send them: every record parses, except repeats of the same title inside one digest.
     */
    @Test
    void allOfThe100kAbstractsParseInPostSizedDigests() throws IOException {
        assumeTrue(Files.isReadable(Digests.ABSTRACTS_100K), "no " + Digests.ABSTRACTS_100K);

        int records = 0;
        int lines = 0;
        List<RejectedBlock> rejected = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Digests.ABSTRACTS_100K)), StandardCharsets.UTF_8))) {
            StringBuilder chunk = new StringBuilder();
            String title;
            while ((title = reader.readLine()) != null) {
                String summary = reader.readLine();
                lines += 2;
                String record = title + "\n" + summary + "\n";
                if (chunk.length() + record.length() * 3L > MAX_BODY_BYTES) {
                    ParsedDigest digest = parser.parse(chunk.toString().getBytes(StandardCharsets.UTF_8));
                    records += digest.records().size();
                    rejected.addAll(digest.rejected());
                    chunk.setLength(0);
                }
                chunk.append(record);
            }
            ParsedDigest digest = parser.parse(chunk.toString().getBytes(StandardCharsets.UTF_8));
            records += digest.records().size();
            rejected.addAll(digest.rejected());
        }

        assertThat(lines).isEqualTo(200_000);
        assertThat(rejected).allSatisfy(block -> assertThat(block.code()).isEqualTo(RejectionCode.DUPLICATE_PAPER));
        assertThat(records + rejected.size()).isEqualTo(100_000);
        assertThat(records).isGreaterThan(99_900);
    }
}
