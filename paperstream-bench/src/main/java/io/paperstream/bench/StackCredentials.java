package io.paperstream.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The stack's secrets: {@code bin/paperstream bench} passes them in the environment, never as arguments (a
 * command line is visible to every user of the machine).
 *
 * @param ingestToken bearer token of {@code POST /digests}; null when ingest asks for none
 */
public record StackCredentials(String ingestToken, String jdbcUser, String jdbcPassword) {

    public static final String TOKEN_ENV = "PAPERSTREAM_INGEST_TOKEN";
    public static final String JDBC_USER_ENV = "PAPERSTREAM_JDBC_USER";
    public static final String JDBC_PASSWORD_ENV = "PAPERSTREAM_JDBC_PASSWORD";
    /** An embedded PostgreSQL's own superuser and password, when the bench runs on its own. */
    private static final String DEFAULT_JDBC_CREDENTIAL = "postgres";

    public static StackCredentials fromEnvironment() {
        return new StackCredentials(System.getenv(TOKEN_ENV), env(JDBC_USER_ENV), env(JDBC_PASSWORD_ENV));
    }

    public Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", jdbcUser);
        properties.setProperty("password", jdbcPassword);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? DEFAULT_JDBC_CREDENTIAL : value;
    }
}
