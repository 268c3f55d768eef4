package io.paperstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.ApiOperation;
import io.paperstream.client.CatalogClient;
import io.paperstream.client.CatalogClient.PaperQuery;
import io.paperstream.client.Http;
import io.paperstream.client.IngestClient;
import io.paperstream.e2e.harness.PipelineHarness;

/**
 * The client kit is a typed client of the OpenAPI documents the packaged services serve: every method of its API
 * interfaces ({@code IngestApi}, {@code CatalogApi}) is the document's operation of the same operationId, method,
 * path and parameters, every answer status the kit reads is in the served document, and every public operation of
 * the document (with all its parameters) is one the kit calls, so that a drift on either side fails here.
 * Operations are told by method and path template.
 */
@Order(3)
class OpenApiContractTest {

    private static final String DOCUMENT = "/q/openapi?format=json";
    /** Quarkus' own endpoints (health, metrics, the document itself) are not the service's API. */
    private static final String FRAMEWORK_PATHS = "/q/";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static PipelineHarness harness;

    @BeforeAll
    static void startServices() {
        harness = PipelineHarness.shared();
        harness.ensureStarted(PipelineHarness.INGEST, PipelineHarness.QUERY);
    }

    @Test
    void theIngestClientMatchesIngestsServedDocument() {
        assertKitMatches(served(harness.ingest()::uri), IngestClient.OPERATIONS, "ingest");
    }

    @Test
    void theCatalogClientMatchesQuerysServedDocument() {
        assertKitMatches(served(harness.query()::uri), CatalogClient.OPERATIONS, "query");
    }

    /** The kit's calls get answers their documents list: the documents describe what the services do. */
    @Test
    void answersToTheKitsCallsAreDocumented() {
        Map<String, ApiOperation> ingestDocument = served(harness.ingest()::uri);
        Map<String, ApiOperation> queryDocument = served(harness.query()::uri);
        IngestClient anonymous = new IngestClient(harness.ingest()::uri, null);
        CatalogClient catalog = new CatalogClient(harness.query()::uri);

        assertDocumented(ingestDocument, "POST", IngestClient.DIGESTS_PATH,
                anonymous.post("A Title\nA summary.\n").status());
        assertDocumented(ingestDocument, "POST", IngestClient.DIGESTS_PATH,
                new IngestClient(harness.ingest()::uri, harness.ingestToken()).post(new byte[0]).status());
        assertDocumented(queryDocument, "GET", CatalogClient.PAPERS,
                catalog.papersResponse(PaperQuery.all().withLimit(1)).statusCode());
        assertDocumented(queryDocument, "GET", CatalogClient.PAPERS,
                catalog.papersResponse(PaperQuery.all().withSort("no-such-order")).statusCode());
        assertDocumented(queryDocument, "GET", CatalogClient.PAPER,
                catalog.paperResponse("no-such-paper").statusCode());
        assertDocumented(queryDocument, "GET", CatalogClient.THEME,
                catalog.themeResponse("no-such-theme").statusCode());
        assertDocumented(queryDocument, "GET", CatalogClient.THEMES, Http.get(catalog.uri(CatalogClient.THEMES))
                .statusCode());
        assertDocumented(queryDocument, "GET", CatalogClient.STATS, Http.get(catalog.uri(CatalogClient.STATS))
                .statusCode());
    }

    private static void assertDocumented(Map<String, ApiOperation> document, String method, String path,
                                         int status) {
        ApiOperation operation = document.get(key(method, path));
        assertThat(operation).as("%s %s in the document", method, path).isNotNull();
        assertThat(operation.statuses()).as("documented answers of %s %s", method, path).contains(status);
    }

    private static void assertKitMatches(Map<String, ApiOperation> document, List<ApiOperation> kit, String service) {
        Map<String, ApiOperation> used = kit.stream().collect(Collectors.toMap(
                operation -> key(operation.method(), operation.path()), Function.identity(), (a, b) -> a,
                TreeMap::new));
        assertThat(document.keySet()).as("public operations of %s's document against the kit's", service)
                .containsExactlyInAnyOrderElementsOf(used.keySet());
        for (ApiOperation operation : used.values()) {
            ApiOperation documented = document.get(key(operation.method(), operation.path()));
            String which = operation.method() + " " + operation.path();
            assertThat(documented.operationId()).as("operationId of %s (document) against the kit's method", which)
                    .isEqualTo(operation.operationId());
            assertThat(documented.parameters()).as("parameters of %s (document) against the kit's", which)
                    .containsExactlyInAnyOrderElementsOf(operation.parameters());
            assertThat(documented.statuses()).as("answers of %s the kit reads", which)
                    .containsAll(operation.statuses());
        }
    }

    /** The public operations of a served document, by "METHOD path". */
    private static Map<String, ApiOperation> served(Function<String, java.net.URI> uris) {
        HttpResponse<String> response = Http.get(uris.apply(DOCUMENT));
        assertThat(response.statusCode()).as("GET %s", DOCUMENT).isEqualTo(200);
        JsonNode document = Http.json(response.body());
        Map<String, ApiOperation> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith(FRAMEWORK_PATHS)) {
                continue;
            }
            Set<String> pathParameters = names(path.getValue().path("parameters"));
            path.getValue().fields().forEachRemaining(entry -> {
                if (!METHODS.contains(entry.getKey())) {
                    return;
                }
                Set<String> parameters = new LinkedHashSet<>(pathParameters);
                parameters.addAll(names(entry.getValue().path("parameters")));
                Set<Integer> statuses = new LinkedHashSet<>();
                entry.getValue().path("responses").fieldNames().forEachRemaining(status -> {
                    if (status.matches("\\d{3}")) {
                        statuses.add(Integer.parseInt(status));
                    }
                });
                String method = entry.getKey().toUpperCase(java.util.Locale.ROOT);
                operations.put(key(method, path.getKey()), new ApiOperation(
                        entry.getValue().path("operationId").asText(null), method, path.getKey(), parameters,
                        statuses));
            });
        }
        return operations;
    }

    private static Set<String> names(JsonNode parameters) {
        Set<String> names = new LinkedHashSet<>();
        parameters.forEach(parameter -> names.add(parameter.path("name").asText()));
        return names;
    }

    private static String key(String method, String path) {
        return method + " " + path;
    }
}
