package io.paperstream.client.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.paperstream.client.IngestClient;

/**
 * Ingest's API as the kit calls it, typed: each method is the operation of the served OpenAPI document whose
 * {@code operationId} is the method's name, with the same method, path and parameters ({@link ApiContract} reads
 * them; the e2e {@code OpenApiContractTest} holds them against the served document). {@link IngestClient} calls it
 * with the JDK's HTTP client through the same path and parameter constants. The bearer token is the document's
 * security scheme, not a parameter.
 */
@Path("")
public interface IngestApi {

    @POST
    @Path(IngestClient.DIGESTS_PATH)
    @Consumes(IngestClient.TEXT_PLAIN)
    @Answers({202, 400, 401, 413, 415, 422, 503})
    Response ingestDigest(@QueryParam(IngestClient.SOURCE_PARAMETER) String source, byte[] digest);
}
