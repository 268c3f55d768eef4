package io.paperstream.query.catalog.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.paperstream.testing.KafkaBrokerResource;
import io.paperstream.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How the writer tells new, updated and unchanged papers apart (what {@code bin/paperstream ... --wait} reports),
 * on the real PostgreSQL: each expected count follows from the versions written here.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class WriteResultKindsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant BASE = Instant.parse("2004-01-01T00:00:00Z");

    @Inject
    CatalogWriter writer;

    @Test
    void newThenSameContentThenChangedContentThenOlderVersion() {
        String theme = "wrk-" + RUN;
        PaperRow a = row("a", "Summary A.", List.of(theme), 0);
        PaperRow b = row("b", "Summary B.", List.of(theme), 0);
        PaperRow c = row("c", "Summary C.", List.of(), 0);

        assertThat(writer.write(upserts(a, b, c))).isEqualTo(new WriteResult(3, 0, 0, 0, 0));

        // a later ingestion of the same text (a), another summary (b), other themes (c)
        WriteResult second = writer.write(upserts(row("a", "Summary A.", List.of(theme), 1),
                row("b", "Summary B, revised.", List.of(theme), 1), row("c", "Summary C.", List.of(theme), 1)));
        assertThat(second).isEqualTo(new WriteResult(0, 2, 1, 0, 0));

        // versions older than the stored ones change nothing, whatever they carry
        WriteResult late = writer.write(upserts(row("a", "An old text.", List.of(), -1), row("d", "New.", List.of(), 0)));
        assertThat(late).isEqualTo(new WriteResult(1, 0, 0, 1, 0));

        assertThat(writer.write(List.of(new PaperChange.Removal(id("d"), 0)))).isEqualTo(new WriteResult(0, 0, 0, 0, 1));
    }

    private static List<PaperChange> upserts(PaperRow... rows) {
        return java.util.Arrays.stream(rows).<PaperChange>map(row -> new PaperChange.Upsert(row, 0)).toList();
    }

    private static String id(String name) {
        return "wrk-" + RUN + "-" + name;
    }

    /** @param version later ingestions have higher numbers */
    private static PaperRow row(String name, String summary, List<String> themes, int version) {
        Instant ingested = BASE.plusSeconds(3600L * (version + 1));
        return new PaperRow(id(name), "Paper " + name + " of " + RUN, summary, "wrk", "digest-" + RUN, 1, "{}",
                ingested, ingested.plusSeconds(1), "v",
                themes.stream().map(slug -> new PaperRow.Theme(slug, 0.9, "[\"" + slug + "\"]")).toList());
    }
}
