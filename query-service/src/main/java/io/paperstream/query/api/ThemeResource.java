package io.paperstream.query.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSets;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import io.paperstream.problem.Problem;
import io.paperstream.problem.ProblemException;
import io.paperstream.query.catalog.read.CatalogReader;
import io.paperstream.query.catalog.view.ThemeSummary;
import io.paperstream.query.stream.StreamClients;
import io.paperstream.query.stream.StreamItem;
import io.paperstream.query.stream.StreamPosition;
import io.paperstream.query.stream.ThemeStreamHub;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;

@Path("/themes")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSets({}) // public: the documented answer to "which security applies?"
@Tag(name = "Themes", description = "The taxonomy's themes, their paper counts and live streams")
public class ThemeResource {

    /** SSE event name of a paper. */
    static final String PAPER_EVENT = "paper";

    @Inject
    CatalogReader catalog;

    @Inject
    ThemeStreamHub streams;

    @GET
    @Operation(operationId = "listThemes", summary = "Every theme", description = "Defined themes in taxonomy order, then slugs only seen on "
            + "papers (label = slug, defined=false), each with its exact paperCount")
    @APIResponse(responseCode = "200", description = "The themes")
    @APIResponse(responseCode = "406", description = "The Accept header allows no JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ThemeSummary> themes() {
        return catalog.themes();
    }

    @GET
    @Path("/{slug}")
    @Operation(operationId = "getTheme", summary = "One theme")
    @APIResponse(responseCode = "200", description = "The theme")
    @APIResponse(responseCode = "404", description = "No such theme",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ThemeSummary theme(@PathParam("slug") String slug) {
        return catalog.theme(slug).orElseThrow(() -> unknownTheme(slug));
    }

    @GET
    @Path("/{slug}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(operationId = "streamTheme", summary = "Live stream of a theme's papers", description = "Server-Sent Events: each paper "
            + "published in the theme from now on, as event 'paper' with data = the paper JSON and id = the "
            + "stream's position in papers.enriched after it (<partition>-<next offset> pairs joined by dots, e.g. "
            + "0-1520.1-1498.2-1533), the same on every instance. With Last-Event-ID (any instance), first the "
            + "papers after that position. Comment lines keep it open.")
    @APIResponse(responseCode = "200", description = "The stream")
    @APIResponse(responseCode = "400", description = "The Last-Event-ID is not an id this stream sends",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such theme",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "This client has too many streams open",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The service has too many streams open",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@PathParam("slug") String slug,
            @Parameter(description = "Resume after this event id") @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(description = "Resume after this event id (for clients that cannot set the header)")
            @QueryParam("lastEventId") String lastEventIdParameter,
            @Context HttpServerRequest request, @Context Sse sse) {
        if (!catalog.snapshot().knowsTheme(slug)) {
            throw unknownTheme(slug);
        }
        StreamPosition resumeAfter = lastEventId(lastEventId != null ? lastEventId : lastEventIdParameter);
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Multi<OutboundSseEvent> events = streams.open(slug, client, resumeAfter,
                () -> StreamClients.disconnect(request))
                .map(item -> event(item, sse));
        // no caching, and no buffering by proxies that honour it (nginx)
        return RestMulti.fromMultiData(events).header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no").build();
    }

    private static OutboundSseEvent event(StreamItem item, Sse sse) {
        if (item instanceof StreamItem.Paper paper) {
            return sse.newEventBuilder().id(paper.id()).name(PAPER_EVENT)
                    .data(String.class, paper.json()).build();
        }
        return sse.newEventBuilder().comment(((StreamItem.Comment) item).text()).build();
    }

    private static StreamPosition lastEventId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return StreamPosition.parse(raw.trim());
        } catch (StreamPosition.InvalidStreamPositionException e) {
            throw QueryProblems.invalidParameter("Last-Event-ID", "Last-Event-ID must be an event id this "
                    + "stream sent (<partition>-<offset> pairs joined by dots, e.g. 0-1520.1-1498), not '"
                    + QueryParameters.shown(raw) + "': " + e.getMessage());
        }
    }

    private static ProblemException unknownTheme(String slug) {
        return QueryProblems.notFound("no theme '" + QueryParameters.shown(slug) + "'; GET /themes lists them");
    }
}
