package io.paperstream.ingest.digest;

import java.util.Map;

/**
 * One valid record of a digest.
 *
 * @param id      the paper id, {@code PaperId.fromTitle(title)}
 * @param line    1-based line of the title in the digest
 * @param related counts of the record's {@code Related} lines by kind, in digest order
 */
public record DigestRecord(String id, int line, String title, String summary, Map<String, Long> related) {
}
