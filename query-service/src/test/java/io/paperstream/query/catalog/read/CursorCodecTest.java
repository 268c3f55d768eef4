package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private static final String FILTERS = "0123456789abcdef";

    @Test
    void everySortsKeyRoundTrips() {
        List<PageCursor> cursors = List.of(
                PageCursor.recent(FILTERS, "id-1", Instant.parse("2026-11-26T08:00:00.123456Z")),
                PageCursor.title(FILTERS, "id-2", "Ünïcode, \"quotes\" & commas"),
                PageCursor.relevance(FILTERS, "id-3", 0.1f),
                PageCursor.relevance(FILTERS, "id-5", 0.2f,
                        new PageCursor.RankWindow(Instant.parse("2026-11-30T15:00:00.5Z"), "oldest-ranked")),
                PageCursor.related(FILTERS, "id-4", 42));
        for (PageCursor cursor : cursors) {
            String token = CursorCodec.encode(cursor);
            assertThat(token).matches("[A-Za-z0-9_-]+");
            assertThat(CursorCodec.decode(token, cursor.sort(), FILTERS)).isEqualTo(cursor);
        }
    }

    @Test
    void aRankComesBackAsExactlyTheSameFloat() {
        float rank = 0.0607927f;
        PageCursor decoded = CursorCodec.decode(CursorCodec.encode(PageCursor.relevance(FILTERS, "x", rank)),
                PaperSort.RELEVANCE, FILTERS);
        assertThat(Float.floatToIntBits(decoded.rank())).isEqualTo(Float.floatToIntBits(rank));
    }

    @Test
    void aCursorIsRefusedByAnotherSortOrOtherFilters() {
        String token = CursorCodec.encode(PageCursor.recent(FILTERS, "id", Instant.EPOCH));
        assertThatThrownBy(() -> CursorCodec.decode(token, PaperSort.TITLE, FILTERS))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("sort=recent");
        assertThatThrownBy(() -> CursorCodec.decode(token, PaperSort.RECENT, "fedcba9876543210"))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("other filters");
    }

    @Test
    void malformedTokensAreRefusedWithAReason() {
        for (String token : List.of("", "%%%", "bm90LWpzb24", encode("[1,2]"), encode("{\"v\":2}"),
                encode("{\"v\":1,\"s\":\"oldest\",\"f\":\"" + FILTERS + "\",\"id\":\"x\",\"k\":\"y\"}"),
                encode("{\"v\":1,\"s\":\"recent\",\"f\":\"" + FILTERS + "\",\"k\":\"2026-01-01T00:00:00Z\"}"),
                encode("{\"v\":1,\"s\":\"recent\",\"f\":\"" + FILTERS + "\",\"id\":\"x\",\"k\":\"yesterday\"}"),
                encode("{\"v\":1,\"s\":\"recent\",\"f\":\"" + FILTERS + "\",\"id\":\"x\","
                        + "\"k\":\"+100000-01-01T00:00:00Z\"}"),
                encode("{\"v\":1,\"s\":\"related\",\"f\":\"" + FILTERS + "\",\"id\":\"x\",\"k\":-1}"),
                encode("{\"v\":1,\"s\":\"relevance\",\"f\":\"" + FILTERS + "\",\"id\":\"x\",\"k\":\"high\"}"),
                encode("{\"v\":1,\"s\":\"title\",\"f\":\"" + FILTERS + "\",\"id\":\"x\\u0000\",\"k\":\"t\"}"),
                "A".repeat(CursorCodec.MAX_TOKEN_LENGTH + 1))) {
            assertThatThrownBy(() -> CursorCodec.decode(token, PaperSort.RECENT, FILTERS)).as(token)
                    .isInstanceOf(InvalidCursorException.class).hasMessageNotContaining("Exception");
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
