package io.paperstream.query.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void anIdNamesTheNextOffsetOfEveryPartitionInPartitionOrder() {
        StreamPosition position = StreamPosition.of(Map.of(2, 1533L, 0, 1520L, 1, 1498L));
        assertThat(position).hasToString("0-1520.1-1498.2-1533");
        assertThat(StreamPosition.parse("0-1520.1-1498.2-1533")).isEqualTo(position);
        assertThat(StreamPosition.parse("2-1533.0-1520.1-1498")).isEqualTo(position);
        assertThat(position.partitions()).containsExactly(Map.entry(0, 1520L), Map.entry(1, 1498L),
                Map.entry(2, 1533L));
    }

    @Test
    void aRecordBelowThePositionIsCoveredAndMovingPastOneChangesOnlyItsPartition() {
        StreamPosition position = StreamPosition.parse("0-10.1-4");
        assertThat(position.covers(0, 9)).isTrue();
        assertThat(position.covers(0, 10)).isFalse();
        assertThat(position.covers(1, 3)).isTrue();
        // a partition the id does not name stands at its beginning
        assertThat(position.covers(2, 0)).isFalse();
        assertThat(position.next(2)).isZero();

        StreamPosition moved = position.after(1, 7);
        assertThat(moved).hasToString("0-10.1-8");
        assertThat(position).as("unchanged").hasToString("0-10.1-4");
        assertThat(moved.after(2, 0)).hasToString("0-10.1-8.2-1");
    }

    @Test
    void theBiggestOffsetsSurviveTheRoundTrip() {
        String id = Integer.MAX_VALUE + "-" + Long.MAX_VALUE;
        assertThat(StreamPosition.parse(id)).hasToString(id);
    }

    @Test
    void refusesWhatItNeverSends() {
        for (String bad : List.of("", "abc", "12", "0-", "-5", "0-1.", ".0-1", "0-1..1-2", "0-1.0-2", "0--1", "+0-1",
                "0-+1", "0-1 ", " 0-1", "0-1-2", "0:1", "2147483648-1", "0-9223372036854775808", "0-1,1-2",
                "٣-1")) {
            assertThatThrownBy(() -> StreamPosition.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(StreamPosition.InvalidStreamPositionException.class);
        }
    }
}
