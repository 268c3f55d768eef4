package io.paperstream.query.catalog.bits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * V3 converts the bigint masks of a catalog written before it into bytea: each must become exactly the form
 * {@link ThemeMask} writes for the same bits, or the counters of old and new papers would no longer meet. The
 * migration's own function is run (under another name, in a transaction rolled back) on the real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class MaskMigrationTest {

    private static final String MIGRATION = "db/migration/V3__unbounded_themes_bounded_index_rows.sql";

    @Inject
    DataSource dataSource;

    @Test
    void everyBigintMaskBecomesTheBytesThemeMaskWrites() throws Exception {
        List<Long> masks = new ArrayList<>(List.of(0L, 1L, 255L, 256L, 1L << 62, Long.MIN_VALUE, -1L));
        Random random = new Random(15);
        for (int i = 0; i < 300; i++) {
            masks.add(random.nextLong() >>> random.nextInt(64));
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(conversionFunction().replace("v3_mask_bytes", "pg_temp.v3_mask_bytes_check"));
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_temp.v3_mask_bytes_check(?)")) {
                for (long mask : masks) {
                    statement.setLong(1, mask);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        assertThat(row.getBytes(1)).as("mask %s", Long.toBinaryString(mask))
                                .isEqualTo(themeMaskOf(mask).toBytes());
                    }
                }
                statement.setObject(1, null, java.sql.Types.BIGINT);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    assertThat(row.getBytes(1)).as("a paper never updated keeps no previous mask").isNull();
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static ThemeMask themeMaskOf(long mask) {
        List<Integer> bits = new ArrayList<>();
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if ((mask & (1L << bit)) != 0) {
                bits.add(bit);
            }
        }
        return ThemeMask.of(bits);
    }

    /** The CREATE FUNCTION statement of the migration. */
    private static String conversionFunction() throws IOException, SQLException {
        try (InputStream in = MaskMigrationTest.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            assertThat(in).as(MIGRATION).isNotNull();
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = script.indexOf("CREATE FUNCTION v3_mask_bytes");
            int end = script.indexOf("$$;", start);
            assertThat(start).isNotNegative();
            return script.substring(start, end + 3);
        }
    }
}
