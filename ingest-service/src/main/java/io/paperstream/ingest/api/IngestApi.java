package io.paperstream.ingest.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/** The OpenAPI description of the service (served at {@code /q/openapi}). */
@OpenAPIDefinition(info = @Info(title = "Paperstream ingest", version = "1.0.0",
        description = "Takes research-paper digests in as text and emits one PaperParsed event per record to Kafka."),
        // relative: the service is wherever this document is served from (local stack, container, test)
        servers = @Server(url = "/", description = "The service that serves this document"))
@SecurityScheme(securitySchemeName = IngestApi.TOKEN_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Required on POST /digests when paperstream.ingest.token is set")
public class IngestApi extends Application {

    public static final String TOKEN_SCHEME = "ingest-token";
}
