package io.paperstream.client;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading RFC 9457 problem bodies ({@code application/problem+json}) as both services answer them. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A problem body; {@code extensions} holds every member beyond the standard five. */
    public record Problem(String type, String title, int status, String detail, String instance,
                          Map<String, JsonNode> extensions) {
    }

    public static Problem read(JsonNode body) {
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> {
            switch (field.getKey()) {
                case "type", "title", "status", "detail", "instance" -> { }
                default -> extensions.put(field.getKey(), field.getValue());
            }
        });
        return new Problem(text(body, "type"), text(body, "title"), body.path("status").asInt(),
                text(body, "detail"), text(body, "instance"), extensions);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
