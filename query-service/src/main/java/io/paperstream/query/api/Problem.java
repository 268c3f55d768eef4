package io.paperstream.query.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An RFC 9457 problem detail: the body of every error this service answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem type URIs are this base followed by a short name. */
    static final String TYPE_BASE = "https://paperstream.io/problems/";

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final String instance;
    private final Map<String, Object> extensions;

    Problem(String type, String title, int status, String detail, String instance, Map<String, Object> extensions) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public String getInstance() {
        return instance;
    }

    /** Members beyond the standard ones, e.g. the offending {@code parameter}. */
    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
