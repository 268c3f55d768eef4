package io.paperstream.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Empties query-service's catalog for {@code bin/paperstream rebuild}: drops its schema with everything in it
 * and creates it again, empty, so that query-service's Flyway migrations recreate the tables at its next start
 * and the catalog is rebuilt from the topics. The launcher owns no table names: the schema belongs to
 * query-service.
 * <p>
 * Usage: {@code CatalogReset <jdbc url> <schema>}, with the user and password in the environment variables
 * {@code PAPERSTREAM_JDBC_USER} and {@code PAPERSTREAM_JDBC_PASSWORD} (not on the command line, where every
 * local user could read them).
 */
public final class CatalogReset {

    static final String USER_ENV = "PAPERSTREAM_JDBC_USER";
    static final String PASSWORD_ENV = "PAPERSTREAM_JDBC_PASSWORD";

    private CatalogReset() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: CatalogReset <jdbc url> <schema>   (user/password in $" + USER_ENV + "/$"
                    + PASSWORD_ENV + ")");
            System.exit(2);
        }
        String url = args[0];
        String schema = args[1];
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            System.err.println("schema must be a plain identifier: " + schema);
            System.exit(2);
        }
        try (Connection connection = DriverManager.getConnection(url, System.getenv(USER_ENV),
                System.getenv(PASSWORD_ENV));
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("drop schema if exists " + schema + " cascade");
            statement.execute("create schema " + schema);
            connection.commit();
            System.out.printf("schema %s emptied%n", schema);
        } catch (SQLException e) {
            System.err.println("cannot empty schema " + schema + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
