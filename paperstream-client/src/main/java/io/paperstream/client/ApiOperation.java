package io.paperstream.client;

import java.util.Set;

/**
 * An operation of a service's API as this kit calls it: what a typed client relies on, so a test can hold it
 * against the service's served OpenAPI document (method and path template identify the operation).
 *
 * @param operationId the operation's {@code operationId} in the document
 * @param method     HTTP method, upper case
 * @param path       the path template as the document spells it, e.g. {@code /papers/{id}}
 * @param parameters the query, path and header parameters the client knows
 * @param statuses   the answer statuses the client reads
 */
public record ApiOperation(String operationId, String method, String path, Set<String> parameters, Set<Integer> statuses) {
}
