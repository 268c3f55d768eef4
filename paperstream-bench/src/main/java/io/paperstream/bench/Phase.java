package io.paperstream.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The measurements of a run, in the order they run; each can be skipped with {@code --skip}. */
public enum Phase {
    /** A plain KafkaProducer: the broker's limit. */
    RAW_PRODUCE,
    /** A plain JDBC batch upsert: the database's limit. */
    RAW_UPSERT,
    /** Digests at full speed: ingest rate and end-to-end rate. */
    THROUGHPUT,
    /** Small digests at a fixed rate: 202-to-visible latency. */
    FRESHNESS,
    /** The same at fractions of the end-to-end capacity THROUGHPUT measured: where latency turns into queueing. */
    FRESHNESS_CURVE,
    /** Sequential API requests: list, theme and search latency. */
    QUERY;

    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Phase fromOption(String value) {
        for (Phase phase : values()) {
            if (phase.option().equals(value.strip())) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + value + "'; one of " + options());
    }

    public static String options() {
        return Arrays.stream(values()).map(Phase::option).collect(Collectors.joining(", "));
    }
}
