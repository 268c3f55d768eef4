package io.paperstream.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.paperstream.problem.ProblemException;

class QueryParametersTest {

    @Test
    void limitsAreWholeNumbersWithinBounds() {
        assertThat(QueryParameters.limit("limit", null, 20, 200)).isEqualTo(20);
        assertThat(QueryParameters.limit("limit", "200", 20, 200)).isEqualTo(200);
        for (String bad : new String[] {"0", "201", "-1", "abc", "", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> QueryParameters.limit("limit", bad, 20, 200)).as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void instantsAreIso8601WithinTheStorableRange() {
        assertThat(QueryParameters.instant("t", "2026-11-26T08:00:00Z")).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(QueryParameters.instant("t", "2026-11-26T09:00:00+01:00"))
                .isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(QueryParameters.instant("t", null)).isNull();
        for (String bad : new String[] {"yesterday", "2026-11-26", "2026-13-01T00:00:00Z", "+20000-01-01T00:00:00Z",
                "2026-11-26T09:00:00 01:00"}) {
            assertThatThrownBy(() -> QueryParameters.instant("t", bad)).as(bad).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void textIsBoundedAndFreeOfControlCharacters() {
        assertThat(QueryParameters.text("q", "  model collapse ", 500)).isEqualTo("model collapse");
        assertThat(QueryParameters.text("q", "   ", 500)).isNull();
        assertThatThrownBy(() -> QueryParameters.text("q", "x".repeat(501), 500)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> QueryParameters.text("q", "a\u0000b", 500)).isInstanceOf(ProblemException.class);
    }

    @Test
    void countsAreNonNegative() {
        assertThat(QueryParameters.count("minRelated", null)).isZero();
        assertThat(QueryParameters.count("minRelated", "7")).isEqualTo(7);
        assertThatThrownBy(() -> QueryParameters.count("minRelated", "-1")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> QueryParameters.count("minRelated", "x")).isInstanceOf(ProblemException.class);
    }
}
