package io.paperstream.client.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.paperstream.client.CatalogClient;

/**
 * Query's API as the kit calls it, typed: each method is the operation of the served OpenAPI document whose
 * {@code operationId} is the method's name, with the same method, path and parameters ({@link ApiContract} reads
 * them; the e2e {@code OpenApiContractTest} holds them against the served document). {@link CatalogClient} and
 * the kit's SSE subscriber call it with the JDK's HTTP client through the same path and parameter constants.
 */
@Path("")
public interface CatalogApi {

    @GET
    @Path(CatalogClient.PAPERS)
    @Answers({200, 400})
    Response listPapers(@QueryParam("theme") List<String> themes, @QueryParam("themeMatch") String themeMatch,
            @QueryParam("q") String q, @QueryParam("minRelated") String minRelated,
            @QueryParam("source") String source, @QueryParam("ingestedAfter") String ingestedAfter,
            @QueryParam("ingestedBefore") String ingestedBefore, @QueryParam("sort") String sort,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("facets") String facets);

    @GET
    @Path(CatalogClient.PAPER)
    @Answers({200, 404})
    Response getPaper(@PathParam("id") String id);

    @GET
    @Path(CatalogClient.RELATED)
    @Answers({200, 404})
    Response listRelatedPapers(@PathParam("id") String id, @QueryParam("limit") String limit);

    @GET
    @Path(CatalogClient.SIMILAR)
    @Answers({200, 400, 404})
    Response listSimilarPapers(@PathParam("id") String id, @QueryParam("limit") String limit);

    @GET
    @Path(CatalogClient.THEMES)
    @Answers(200)
    Response listThemes();

    @GET
    @Path(CatalogClient.THEME)
    @Answers({200, 404})
    Response getTheme(@PathParam("slug") String slug);

    @GET
    @Path(CatalogClient.THEME_STREAM)
    @Answers({200, 400, 404, 429, 503})
    Response streamTheme(@PathParam("slug") String slug,
            @HeaderParam(CatalogClient.LAST_EVENT_ID) String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParameter);

    @GET
    @Path(CatalogClient.STATS)
    @Answers(200)
    Response getStats();
}
