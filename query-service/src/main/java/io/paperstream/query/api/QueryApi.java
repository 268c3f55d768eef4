package io.paperstream.query.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The OpenAPI description of the service (served at {@code /q/openapi}); title and description come from
 * application.properties. Every operation is public (each resource says so with an empty security requirement).
 */
@OpenAPIDefinition(info = @Info(title = "Paperstream query-service", version = "1.0.0"),
        // relative: the service is wherever this document is served from (local stack, container, test)
        servers = @Server(url = "/", description = "The service that serves this document"))
public class QueryApi extends Application {
}
