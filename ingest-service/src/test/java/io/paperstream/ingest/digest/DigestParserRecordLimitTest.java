package io.paperstream.ingest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * {@code max-records-per-digest}: a digest of countless tiny records is refused while it is parsed, at the first
 * record beyond the limit, so what parsing holds never grows with the number of records sent.
 */
class DigestParserRecordLimitTest {

    private static final int LINES_PER_RECORD = TinyRecords.LINES_PER_RECORD;

    @Test
    void aDigestAtTheLimitParsesWhole() {
        int limit = 3;
        ParsedDigest digest = new DigestParser(Digests.withMaxRecords(limit)).parse(tinyRecords(limit));

        assertThat(digest.records()).hasSize(limit);
    }

    @Test
    void theFirstRecordBeyondTheLimitRefusesTheDigestAndIsNamed() {
        int limit = 3;
        int sent = 5;

        assertThatThrownBy(() -> new DigestParser(Digests.withMaxRecords(limit)).parse(tinyRecords(sent)))
                .isInstanceOfSatisfying(TooManyRecordsException.class, e -> {
                    assertThat(e.maxRecords()).isEqualTo(limit);
                    assertThat(e.line()).isEqualTo(limit * LINES_PER_RECORD + 1);
                })
                .hasMessageContaining("more than " + limit + " records")
                .hasMessageContaining("line " + (limit * LINES_PER_RECORD + 1));
    }

    @Test
    void rejectedRecordsCountToo() {
        // an orphan Related line, a title without summary, then a valid record: three records, one too many
        String digest = "Related guides (1)\nA title alone\n\nB title\nB summary\n";

        assertThatThrownBy(() -> new DigestParser(Digests.withMaxRecords(2)).parse(digest))
                .isInstanceOfSatisfying(TooManyRecordsException.class, e -> assertThat(e.line()).isEqualTo(4));
    }

    /**
     * A 1,000,000-record digest of about 14 MB (the attack that ran ingest out of memory) with the shipped limits:
     * parsing it allocates the decoded text plus what a digest of exactly {@code max-records-per-digest} records
     * costs, not a cost per record sent.
     */
    @Test
    void aMillionTinyRecordsCostNoMoreThanTheLimitAllows() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation per thread is not measurable here");
        threads.setThreadAllocatedMemoryEnabled(true);
        DigestParser parser = new DigestParser(Digests.defaultLimits());
        int limit = Digests.defaultLimits().maxRecordsPerDigest();
        int sent = 1_000_000;
        byte[] attack = tinyRecords(sent);
        byte[] atTheLimit = tinyRecords(limit);
        assertThat(attack.length).isGreaterThan(13_000_000);

        // warm-up, so that both measurements see the same compiled code
        parser.parse(atTheLimit);
        long text = allocatedBy(threads, () -> DigestParser.decode(attack, attack.length));
        long limitDigest = allocatedBy(threads, () -> parser.parse(atTheLimit));
        long refused = allocatedBy(threads, () -> {
            try {
                return parser.parse(attack);
            } catch (TooManyRecordsException expected) {
                assertThat(expected.line()).isEqualTo(limit * LINES_PER_RECORD + 1);
                return expected;
            }
        });

        // parsing all million records would cost about sent / limit (here 100) times limitDigest
        assertThat(refused).isLessThan(text + 2 * limitDigest);
    }

    private static long allocatedBy(com.sun.management.ThreadMXBean threads, Supplier<Object> work) {
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        Object result = work.get();
        long after = threads.getThreadAllocatedBytes(id);
        assertThat(result).isNotNull();
        return after - before;
    }

    static byte[] tinyRecords(int records) {
        return TinyRecords.bytes(records);
    }
}
