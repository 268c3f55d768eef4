package io.paperstream.ingest.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paperstream.ingest.digest.RejectedBlock;
import io.paperstream.ingest.digest.RejectionCode;

/**
 * The ingest counters, registered up front so they read 0 before the first digest:
 * {@code paperstream_ingest_digests_total{outcome}}, {@code paperstream_ingest_papers_accepted_total} and
 * {@code paperstream_ingest_papers_rejected_total{reason}}.
 */
@ApplicationScoped
public class IngestMetrics {

    /** How a digest that reached the parser ended. */
    public enum Outcome {
        ACCEPTED, UNPROCESSABLE, UNREADABLE, TOO_MANY_RECORDS, REFUSED, UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> digests = new EnumMap<>(Outcome.class);
    private final Map<RejectionCode, Counter> rejected = new EnumMap<>(RejectionCode.class);
    private final Counter accepted;

    public IngestMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            digests.put(outcome, Counter.builder("paperstream.ingest.digests")
                    .description("Digests posted, by outcome")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
        for (RejectionCode code : RejectionCode.values()) {
            rejected.put(code, Counter.builder("paperstream.ingest.papers.rejected")
                    .description("Digest records rejected (and dead-lettered), by reason")
                    .tag("reason", code.slug())
                    .register(registry));
        }
        accepted = Counter.builder("paperstream.ingest.papers.accepted")
                .description("Papers acknowledged by the broker on papers.parsed")
                .register(registry);
    }

    public void digest(Outcome outcome) {
        digests.get(outcome).increment();
    }

    public void accepted(int papers) {
        accepted.increment(papers);
    }

    public void rejected(List<RejectedBlock> blocks) {
        for (RejectedBlock block : blocks) {
            rejected.get(block.code()).increment();
        }
    }
}
