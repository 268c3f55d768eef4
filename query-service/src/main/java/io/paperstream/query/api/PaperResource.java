package io.paperstream.query.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSets;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.paperstream.problem.Problem;
import io.paperstream.problem.ProblemException;
import io.paperstream.query.catalog.read.CatalogReader;
import io.paperstream.query.catalog.read.CatalogSnapshot;
import io.paperstream.query.catalog.read.CursorCodec;
import io.paperstream.query.catalog.read.Facet;
import io.paperstream.query.catalog.read.InvalidCursorException;
import io.paperstream.query.catalog.read.PageCursor;
import io.paperstream.query.catalog.read.PaperQuery;
import io.paperstream.query.catalog.read.PaperSort;
import io.paperstream.query.catalog.read.ThemeFilterMode;
import io.paperstream.query.catalog.view.PaperDetail;
import io.paperstream.query.catalog.view.PaperPage;
import io.paperstream.query.catalog.view.RelatedPapers;
import io.paperstream.query.catalog.view.SimilarPapers;
import io.paperstream.query.config.QueryConfig;

@Path("/papers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSets({}) // public: the documented answer to "which security applies?"
@Tag(name = "Papers", description = "The catalog of enriched papers")
public class PaperResource {

    @Inject
    CatalogReader catalog;

    @Inject
    QueryConfig config;

    @GET
    @Operation(operationId = "listPapers", summary = "List papers", description = "Filtered, sorted, keyset-paged listing. Follow nextCursor "
            + "(with the same filters and sort) for the next page; it stays correct while papers arrive. With facets=theme,source "
            + "the answer adds facets: papers per theme and per source among ALL the papers matching the filters, not only the page.")
    @APIResponse(responseCode = "200", description = "A page of papers")
    @APIResponse(responseCode = "400", description = "A parameter cannot be used",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PaperPage list(
            @Parameter(description = "Theme slug; repeat for several (an unknown theme is a 400)")
            @QueryParam("theme") List<String> themes,
            @Parameter(description = "all (default): every theme; any: at least one")
            @QueryParam("themeMatch") String themeMatch,
            @Parameter(description = "Full-text query over title and summary (web search syntax)")
            @QueryParam("q") String q,
            @Parameter(description = "Only papers with at least this many related papers")
            @QueryParam("minRelated") String minRelated,
            @Parameter(description = "Only papers of this digest source") @QueryParam("source") String source,
            @Parameter(description = "Ingested at or after this ISO-8601 instant")
            @QueryParam("ingestedAfter") String ingestedAfter,
            @Parameter(description = "Ingested before this ISO-8601 instant")
            @QueryParam("ingestedBefore") String ingestedBefore,
            @Parameter(description = "recent (default), related, title or relevance (needs q: ts_rank_cd, title "
                    + "words weigh more; when q matches more than paperstream.query.search.few-matches papers, only "
                    + "the newest relevance-candidates of them are ranked and listed). A search with that many "
                    + "matches gives a total that is a lower bound (totalExact false) unless its read saw them all")
            @QueryParam("sort") String sort,
            @Parameter(description = "Page size, 1 to 200 (default 20)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Comma-separated facets to count over every matching paper: theme, source "
                    + "(an unknown one is a 400)")
            @QueryParam("facets") String facets) {
        Set<Facet> counted = facets(facets);
        PaperSort order = sort == null ? PaperSort.RECENT : PaperSort.fromParameter(sort)
                .orElseThrow(() -> QueryProblems.invalidParameter("sort", "sort must be one of "
                        + allowed(PaperSort.values()) + ", not '" + QueryParameters.shown(sort) + "'"));
        ThemeFilterMode match = themeMatch == null ? ThemeFilterMode.ALL : ThemeFilterMode.fromParameter(themeMatch)
                .orElseThrow(() -> QueryProblems.invalidParameter("themeMatch", "themeMatch must be one of "
                        + allowed(ThemeFilterMode.values()) + ", not '" + QueryParameters.shown(themeMatch) + "'"));
        String text = QueryParameters.text("q", q, config.search().maxQueryLength());
        if (order == PaperSort.RELEVANCE && text == null) {
            throw QueryProblems.invalidParameter("sort", "sort=relevance needs a full-text query q");
        }
        PaperQuery query = new PaperQuery(knownThemes(themes), match, text,
                QueryParameters.count("minRelated", minRelated),
                QueryParameters.text("source", source, config.search().maxQueryLength()),
                QueryParameters.instant("ingestedAfter", ingestedAfter),
                QueryParameters.instant("ingestedBefore", ingestedBefore), order,
                QueryParameters.limit("limit", limit, config.page().defaultLimit(), config.page().maxLimit()), null);
        if (cursor != null) {
            query = new PaperQuery(query.themes(), query.themeMatch(), query.text(), query.minRelated(),
                    query.source(), query.ingestedAfter(), query.ingestedBefore(), query.sort(), query.limit(),
                    decode(cursor, query));
        }
        PaperPage page = catalog.page(query);
        return counted.isEmpty() ? page : page.withFacets(catalog.facets(query, counted));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPaper", summary = "One paper", description = "Themes with scores and matched terms, the digest's related "
            + "counts, relatedPapers as the catalog stands now, provenance")
    @APIResponse(responseCode = "200", description = "The paper")
    @APIResponse(responseCode = "404", description = "No such paper",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PaperDetail paper(@PathParam("id") String id) {
        return catalog.paper(checkedId(id)).orElseThrow(() -> unknownPaper(id));
    }

    @GET
    @Path("/{id}/related")
    @Operation(operationId = "listRelatedPapers", summary = "Papers sharing themes with a paper", description = "Most shared themes first, then newest")
    @APIResponse(responseCode = "200", description = "The related papers")
    @APIResponse(responseCode = "404", description = "No such paper",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RelatedPapers related(@PathParam("id") String id,
            @Parameter(description = "How many, 1 to 100 (default 10)") @QueryParam("limit") String limit) {
        int size = QueryParameters.limit("limit", limit, config.related().defaultLimit(), config.related().maxLimit());
        return catalog.related(checkedId(id), size).orElseThrow(() -> unknownPaper(id));
    }

    @GET
    @Path("/{id}/similar")
    @Operation(operationId = "listSimilarPapers", summary = "Papers whose text resembles a paper's",
            description = "Ranked by the sum of the idf weights (how rare each term is in the catalog) of the full-text "
                    + "terms the two papers share; each item lists its heaviest shared terms")
    @APIResponse(responseCode = "200", description = "The similar papers, best first")
    @APIResponse(responseCode = "400", description = "A parameter cannot be used",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such paper",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SimilarPapers similar(@PathParam("id") String id,
            @Parameter(description = "How many, 1 to 50 (default 10)") @QueryParam("limit") String limit) {
        int size = QueryParameters.limit("limit", limit, config.similar().defaultLimit(), config.similar().maxLimit());
        return catalog.similar(checkedId(id), size).orElseThrow(() -> unknownPaper(id));
    }

    /** The facets asked for; an unknown name is a 400. */
    private static Set<Facet> facets(String raw) {
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        Set<Facet> facets = EnumSet.noneOf(Facet.class);
        for (String name : raw.split(",", -1)) {
            facets.add(Facet.fromParameter(name).orElseThrow(() -> QueryProblems.invalidParameter("facets",
                    "facets must be a comma-separated list of " + allowed(Facet.values()) + ", not '"
                            + QueryParameters.shown(name) + "'")));
        }
        return facets;
    }

    /** The theme filter's slugs, each known to the catalog (defined, or seen on a paper). */
    private List<String> knownThemes(List<String> themes) {
        if (themes == null || themes.isEmpty()) {
            return List.of();
        }
        CatalogSnapshot snapshot = catalog.snapshot();
        for (String theme : themes) {
            if (theme.isBlank() || QueryParameters.hasControlCharacter(theme) || !snapshot.knowsTheme(theme)) {
                throw QueryProblems.invalidParameter("theme", "unknown theme '" + QueryParameters.shown(theme)
                        + "'; GET /themes lists them");
            }
        }
        return themes;
    }

    private static PageCursor decode(String cursor, PaperQuery query) {
        try {
            return CursorCodec.decode(cursor, query.sort(), query.filterFingerprint());
        } catch (InvalidCursorException e) {
            throw QueryProblems.invalidParameter("cursor", e.getMessage());
        }
    }

    /** An id that cannot be stored cannot be found either; answered without asking the database. */
    private static String checkedId(String id) {
        if (id.isBlank() || QueryParameters.hasControlCharacter(id)) {
            throw unknownPaper(id);
        }
        return id;
    }

    private static ProblemException unknownPaper(String id) {
        return QueryProblems.notFound("no paper with id '" + QueryParameters.shown(id) + "'");
    }

    private static String allowed(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
