package io.paperstream.query.api;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSets;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.paperstream.problem.Problem;
import io.paperstream.query.catalog.read.CatalogReader;
import io.paperstream.query.catalog.view.CatalogCounts;
import io.paperstream.query.catalog.write.SearchIndex;
import io.paperstream.query.messaging.ConsumerLagMonitor;
import io.paperstream.query.metrics.MaterializationMetrics;
import io.paperstream.query.stream.ThemeStreamHub;

@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSets({}) // public: the documented answer to "which security applies?"
@Tag(name = "Stats", description = "Size, freshness and backlog of the catalog")
public class StatsResource {

    /**
     * @param consumerLag records of papers.enriched not yet materialized and committed (null when the broker does
     *                    not answer in time)
     * @param searchPending papers materialized but not yet found by {@code q} (the search indexer's backlog; the
     *                      writer indexes in the batch's transaction, so only papers whose text PostgreSQL refused
     *                      there wait here)
     * @param searchLagMs   how long the oldest of those has waited, in ms (0: search is as fresh as the list)
     * @param openStreams   theme streams (SSE) open now
     * @param materialized  what this instance's materialization did to papers since it started (bin/paperstream
     *                      --wait reports the difference over its command)
     */
    public record Stats(long papers, long themes, Instant lastMaterializedAt, Long consumerLag,
            Map<Integer, Long> consumerLagByPartition, Instant lagMeasuredAt, long searchPending, long searchLagMs,
            int openStreams, MaterializationMetrics.PaperTotals materialized) {
    }

    @Inject
    CatalogReader catalog;

    @Inject
    ConsumerLagMonitor lag;

    @Inject
    ThemeStreamHub streams;

    @Inject
    SearchIndex search;

    @Inject
    MaterializationMetrics materialization;

    @GET
    @Operation(operationId = "getStats", summary = "Catalog statistics", description = "Papers and themes in the catalog, when the last "
            + "batch was materialized, and the consumer lag of group paperstream-query on papers.enriched")
    @APIResponse(responseCode = "200", description = "The statistics")
    @APIResponse(responseCode = "406", description = "The Accept header allows no JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Stats stats() {
        CatalogCounts counts = catalog.counts();
        ConsumerLagMonitor.ConsumerLag current = lag.current();
        return new Stats(counts.papers(), counts.themes(), counts.lastMaterializedAt(),
                current == null ? null : current.total(), current == null ? null : current.partitions(),
                current == null ? null : current.measuredAt(), search.pending(), search.lagMillis(),
                streams.openStreams(), materialization.paperTotals());
    }
}
