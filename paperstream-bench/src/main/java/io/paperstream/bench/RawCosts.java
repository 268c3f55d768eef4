package io.paperstream.bench;

/**
 * CPU milliseconds per record of the raw phases, measured around their timed rounds (warm-up left out), and what
 * they imply for the whole pipeline on this machine.
 * <p>
 * Every paper needs at least two produces (ingest to {@code papers.parsed}, enrich to {@code papers.enriched}) and
 * one upsert (query). Their raw CPU, with no parsing, tagging, consuming, theme copies, exactly-once commits or HTTP,
 * is a floor under the pipeline's CPU per paper; with every process on the same cores, {@code cores / floor} is a
 * ceiling on end-to-end papers per second that no design of the stages can pass.
 *
 * @param produceClient   the raw producer's own CPU per record (the benchmark process)
 * @param produceBroker   the broker's CPU per record it took
 * @param upsertClient    the JDBC client's CPU per row (the benchmark process)
 * @param upsertDatabase  PostgreSQL's CPU per row
 */
public record RawCosts(Double produceClient, Double produceBroker, Double upsertClient, Double upsertDatabase) {

    /** Produces every paper needs at the least: papers.parsed and papers.enriched. */
    static final int PRODUCES_PER_PAPER = 2;

    /** The floor of CPU ms per paper; null unless all four figures were measured. */
    public Double floorMsPerPaper() {
        if (produceClient == null || produceBroker == null || upsertClient == null || upsertDatabase == null) {
            return null;
        }
        return PRODUCES_PER_PAPER * (produceClient + produceBroker) + upsertClient + upsertDatabase;
    }

    /** The most papers per second {@code cores} can carry at the floor; null without a floor. */
    public Double ceilingPapersPerSecond(int cores) {
        Double floor = floorMsPerPaper();
        return floor == null || !(floor > 0) ? null : cores * 1000 / floor;
    }

    /** CPU ms per record of {@code process} between two {@link ProcessCpu} samples; null when not sampled. */
    static Double perRecord(java.util.Map<String, Double> before, java.util.Map<String, Double> after, String process,
            long records) {
        Double start = before.get(process);
        Double end = after.get(process);
        return start == null || end == null || records < 1 ? null : (end - start) * 1000 / records;
    }
}
