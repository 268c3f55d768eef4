package io.paperstream.ingest.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer: every paper the broker acknowledged and every block that was rejected (and dead-lettered).
 *
 * @param accepted number of papers acknowledged on {@code papers.parsed}
 */
@Schema(name = "DigestReceipt")
public record DigestReceipt(String digestId, int accepted, List<AcceptedPaper> papers, List<Rejection> rejected) {

    /** A paper on {@code papers.parsed}; {@code line} is where its title is in the digest. */
    public record AcceptedPaper(String id, String title, int line) {
    }

    /** A rejected block: the line of the problem, a stable code and a readable reason. */
    public record Rejection(int line, String code, String reason) {
    }
}
