package io.paperstream.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client generator needs of a served OpenAPI document, and what {@code redocly lint} (recommended rules)
 * checks of it: servers; on every operation a unique operationId, a 4xx answer and a security declaration (its
 * own, or the document's). Checked in the services' tests so a regression fails the build without Node.
 */
public final class OpenApiConventions {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private OpenApiConventions() {
    }

    /** Each way the document (as parsed JSON) breaks the conventions; empty when it keeps them all. */
    @SuppressWarnings("unchecked")
    public static List<String> violations(Map<String, Object> document) {
        List<String> violations = new ArrayList<>();
        if (!(document.get("servers") instanceof List<?> servers) || servers.isEmpty()) {
            violations.add("no servers");
        }
        boolean globalSecurity = document.get("security") instanceof List<?>;
        Set<String> operationIds = new HashSet<>();
        Map<String, Object> paths = (Map<String, Object>) document.getOrDefault("paths", Map.of());
        if (paths.isEmpty()) {
            violations.add("no paths");
        }
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, value) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Map<String, Object> operation = (Map<String, Object>) value;
            String name = method.toUpperCase() + " " + path;
            Object operationId = operation.get("operationId");
            if (!(operationId instanceof String id) || id.isBlank()) {
                violations.add(name + ": no operationId");
            } else if (!operationIds.add(id)) {
                violations.add(name + ": operationId '" + id + "' is not unique");
            }
            Map<String, Object> responses = (Map<String, Object>) operation.getOrDefault("responses", Map.of());
            if (responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
                violations.add(name + ": no 4xx response");
            }
            if (!globalSecurity && !(operation.get("security") instanceof List<?>)) {
                violations.add(name + ": no security declared (not even an empty one for a public operation)");
            }
        }));
        return violations;
    }
}
