package io.paperstream.local.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.paperstream.events.TopicNames;

/**
 * The CLI's settings: each from the environment variable named beside it, with its default stated here once
 * ({@code paperstream help} lists them), except what the services state themselves: their ports, application ids,
 * consumer groups and where they expect the broker and database come from their application.properties
 * ({@link ServiceDefaults}). Built from a map, so tests give their own environment.
 */
public record Settings(Path root, Path var, int kafkaPort, int kafkaControllerPort, int partitions,
        int postgresPort, String postgresDb, String postgresRole, String postgresOsUser, int ingestPort,
        int enrichPort, int queryPort, String kafkaHeap, String postgresHeap, String serviceHeap, String toolHeap,
        List<String> jvmFlags, List<String> c1OnlyProcesses, Duration readyTimeout, Duration stopTimeout, Duration groupResetTimeout,
        int ingestChunkRecords, long ingestChunkBytes, int ingestConcurrency, int ingestRetries,
        Duration ingestRetryDelay, Duration progressEvery,
        Duration catchUpTimeout,
        String enrichApplicationId, String themeRouterApplicationId, String queryGroup, String parsedTopic,
        String enrichedTopic, String queryTaxonomyGroup,
        String catalogSchema, List<String> upServices, String jdbcUrl, String jdbcUser, String jdbcPassword,
        String ingestToken, String taxonomyPath, String benchHeap, Map<String, String> environment) {

    public static final String HOST = "127.0.0.1";
    private static final String HTTP_PORT = "quarkus.http.port";
    /** Start order: producer before consumers. */
    public static final List<String> SERVICES = List.of("ingest", "enrich", "query");
    public static final List<String> PROCESSES = List.of("kafka", "postgres", "ingest", "enrich", "query");
    static final String C1_ONLY_FLAG = "-XX:TieredStopAtLevel=1";
    private static final String NONE = "none";

    public static Settings from(Path root, Map<String, String> env) {
        Reader r = new Reader(env);
        ServiceDefaults services = new ServiceDefaults(root, env);
        String bootstrap = "kafka.bootstrap.servers";
        String jdbcUrl = "quarkus.datasource.jdbc.url";
        return new Settings(root,
                r.path("PAPERSTREAM_VAR", root.resolve("var")),
                r.port("PAPERSTREAM_KAFKA_PORT", services.portOfAddress(ServiceDefaults.INGEST, bootstrap)),
                r.port("PAPERSTREAM_KAFKA_CONTROLLER_PORT", 9093),
                r.positive("PAPERSTREAM_TOPICS_PARTITIONS", 3),
                r.port("PAPERSTREAM_POSTGRES_PORT", services.portOfAddress(ServiceDefaults.QUERY, jdbcUrl)),
                r.text("PAPERSTREAM_POSTGRES_DB", services.databaseOf(ServiceDefaults.QUERY, jdbcUrl)),
                r.text("PAPERSTREAM_POSTGRES_ROLE", "paperstream"),
                r.text("PAPERSTREAM_POSTGRES_OS_USER", "paperstream-db"),
                r.port("PAPERSTREAM_INGEST_PORT", services.port(ServiceDefaults.INGEST, HTTP_PORT)),
                r.port("PAPERSTREAM_ENRICH_PORT", services.port(ServiceDefaults.ENRICH, HTTP_PORT)),
                r.port("PAPERSTREAM_QUERY_PORT", services.port(ServiceDefaults.QUERY, HTTP_PORT)),
                r.text("PAPERSTREAM_KAFKA_HEAP", "512m"),
                r.text("PAPERSTREAM_POSTGRES_HEAP", "128m"),
                r.text("PAPERSTREAM_SERVICE_HEAP", "256m"),
                r.text("PAPERSTREAM_TOOL_HEAP", "256m"),
                // small, single-threaded GC (2-core machines); a small initial heap that grows only as needed
                r.words("PAPERSTREAM_JVM_FLAGS", "-XX:+UseSerialGC -Xms32m"),
                // processes whose JVM compiles with C1 only ("none": all use C2 too): for this I/O-bound code C2's
                // compiling costs more CPU than its faster code saves (README, results); enrich's tagger keeps C2
                r.processes("PAPERSTREAM_C1_ONLY", "kafka postgres ingest query"),
                r.seconds("PAPERSTREAM_READY_TIMEOUT", 90),
                r.seconds("PAPERSTREAM_STOP_TIMEOUT", 20),
                // a dead member leaves its group after its session timeout (~45 s)
                r.seconds("PAPERSTREAM_GROUP_RESET_TIMEOUT", 60),
                r.positive("PAPERSTREAM_INGEST_CHUNK_RECORDS", 2000),
                // the service takes up to 16 MiB
                r.positive("PAPERSTREAM_INGEST_CHUNK_BYTES", 8_388_608),
                r.positive("PAPERSTREAM_INGEST_CONCURRENCY", 2),
                // further attempts of a digest ingest answered 503 (it says retrying is safe) or did not answer
                r.nonNegative("PAPERSTREAM_INGEST_RETRIES", 3),
                r.seconds("PAPERSTREAM_INGEST_RETRY_DELAY", 1),
                // a plain progress line (output not a terminal) at most this often
                r.seconds("PAPERSTREAM_PROGRESS_EVERY", 10),
                // --wait: how long the catalog may take to catch up (a retag of 100k papers takes minutes)
                r.seconds("PAPERSTREAM_CATCH_UP_TIMEOUT", 1800),
                // QUARKUS_KAFKA_STREAMS_APPLICATION_ID, PAPERSTREAM_THEME_ROUTER_APPLICATION_ID,
                // PAPERSTREAM_QUERY_CONSUMER_GROUP change them here as in the services
                services.value(ServiceDefaults.ENRICH, "quarkus.kafka-streams.application-id"),
                services.value(ServiceDefaults.ENRICH, "paperstream.theme-router.application-id"),
                services.value(ServiceDefaults.QUERY, "paperstream.query.consumer-group"),
                r.text("PAPERSTREAM_TOPICS_PARSED", TopicNames.PARSED),
                r.text("PAPERSTREAM_TOPICS_ENRICHED", TopicNames.ENRICHED),
                services.value(ServiceDefaults.QUERY, "mp.messaging.incoming.taxonomy-themes.group.id"),
                r.text("PAPERSTREAM_CATALOG_SCHEMA", "public"),
                r.words("PAPERSTREAM_SERVICES", String.join(" ", SERVICES)),
                r.text("PAPERSTREAM_JDBC_URL", ""),
                r.text("PAPERSTREAM_JDBC_USER", "postgres"),
                r.text("PAPERSTREAM_JDBC_PASSWORD", "postgres"),
                r.text("PAPERSTREAM_INGEST_TOKEN", ""),
                r.text("PAPERSTREAM_TAXONOMY_PATH", ""),
                r.text("PAPERSTREAM_BENCH_HEAP", "1g"),
                Map.copyOf(env));
    }

    /** The JVM flags of one of {@link #PROCESSES}: the common ones, plus C1-only compilation where configured. */
    public List<String> jvmFlagsOf(String process) {
        if (!c1OnlyProcesses.contains(process)) {
            return jvmFlags;
        }
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add(C1_ONLY_FLAG);
        return List.copyOf(flags);
    }

    public int portOf(String process) {
        return switch (process) {
            case "kafka" -> kafkaPort;
            case "postgres" -> postgresPort;
            case "ingest" -> ingestPort;
            case "enrich" -> enrichPort;
            case "query" -> queryPort;
            default -> throw new IllegalArgumentException("unknown process " + process);
        };
    }

    public String bootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    /** The stack's own PostgreSQL database (PAPERSTREAM_JDBC_URL names an external one instead). */
    public String localJdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + postgresDb;
    }

    public String ingestUrl() {
        return "http://" + HOST + ":" + ingestPort;
    }

    public String queryUrl() {
        return "http://" + HOST + ":" + queryPort;
    }

    /** Reads one variable at a time and names it in the error when its value is wrong. */
    private record Reader(Map<String, String> env) {

        /** Names of {@link #PROCESSES}, or "none". */
        List<String> processes(String name, String fallback) {
            List<String> names = words(name, fallback);
            if (names.equals(List.of(NONE))) {
                return List.of();
            }
            for (String process : names) {
                if (!PROCESSES.contains(process)) {
                    throw new CliException(name + ": '" + process + "' is not one of " + String.join(", ", PROCESSES)
                            + " (or " + NONE + ")");
                }
            }
            return names;
        }

        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isEmpty() ? fallback : value;
        }

        Path path(String name, Path fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : Path.of(value).toAbsolutePath().normalize();
        }

        int port(String name, int fallback) {
            int port = positive(name, fallback);
            if (port > 65_535) {
                throw new CliException(name + "=" + port + " is not a TCP port");
            }
            return port;
        }

        int positive(String name, int fallback) {
            String value = text(name, Integer.toString(fallback));
            try {
                int number = Integer.parseInt(value.trim());
                if (number <= 0) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new CliException(name + "=" + value + " is not a positive whole number");
            }
        }

        int nonNegative(String name, int fallback) {
            String value = text(name, Integer.toString(fallback));
            try {
                int number = Integer.parseInt(value.trim());
                if (number < 0) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new CliException(name + "=" + value + " is not a whole number of 0 or more");
            }
        }

        Duration seconds(String name, int fallback) {
            return Duration.ofSeconds(positive(name, fallback));
        }

        List<String> words(String name, String fallback) {
            return Arrays.stream(text(name, fallback).trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        }
    }
}
