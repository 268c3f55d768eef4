package io.paperstream.query.catalog.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import io.paperstream.query.catalog.ThemeMask;

/**
 * SQL text with its positional parameters. Every value a request carries travels as a parameter: the text holds
 * only constants of the builder.
 */
public record SqlStatement(String sql, List<Object> params) {

    public SqlStatement {
        params = List.copyOf(params);
    }

    /** Prepares the statement on a connection and binds the parameters. */
    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                bind(connection, statement, i + 1, params.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static void bind(Connection connection, PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Float number) {
            statement.setFloat(index, number);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof long[] numbers) {
            statement.setArray(index, connection.createArrayOf("bigint",
                    Arrays.stream(numbers).boxed().toArray(Long[]::new)));
        } else if (value instanceof ThemeMask[] masks) {
            statement.setArray(index, connection.createArrayOf("bytea",
                    Arrays.stream(masks).map(ThemeMask::toBytes).toArray(byte[][]::new)));
        } else if (value instanceof String[] texts) {
            statement.setArray(index, connection.createArrayOf("text", texts));
        } else {
            throw new IllegalArgumentException("unsupported SQL parameter type: "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }
}
