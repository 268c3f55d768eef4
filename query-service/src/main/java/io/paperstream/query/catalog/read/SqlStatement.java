package io.paperstream.query.catalog.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.postgresql.PGStatement;

import io.paperstream.query.catalog.bits.ThemeMask;


/**
 * SQL text with its positional parameters. Every value a request carries travels as a parameter: the text holds
 * only constants of the builder.
 *
 * @param plannedPerExecution true: PostgreSQL plans every execution with its own parameter values (the driver never
 *                            makes it a named server-side statement). A named statement switches to a generic plan
 *                            after five executions, chosen blind to the values: for a listing whose best plan
 *                            depends on them (how many papers a search word matches), that plan can cost 100 times
 *                            the right one.
 */
public record SqlStatement(String sql, List<Object> params, boolean plannedPerExecution) {

    public SqlStatement {
        params = List.copyOf(params);
    }

    /** A statement whose plan does not depend on its values: the driver may prepare it once on the server. */
    public SqlStatement(String sql, List<Object> params) {
        this(sql, params, false);
    }

    /** Prepares the statement on a connection and binds the parameters. */
    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (plannedPerExecution) {
                // threshold 0: always the unnamed statement, which is planned with the values bound to it
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
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
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof int[] numbers) {
            statement.setArray(index, connection.createArrayOf("int4",
                    Arrays.stream(numbers).boxed().toArray(Integer[]::new)));
        } else if (value instanceof long[] numbers) {
            statement.setArray(index, connection.createArrayOf("bigint",
                    Arrays.stream(numbers).boxed().toArray(Long[]::new)));
        } else if (value instanceof double[] numbers) {
            statement.setArray(index, connection.createArrayOf("float8",
                    Arrays.stream(numbers).boxed().toArray(Double[]::new)));
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
