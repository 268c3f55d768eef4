package io.paperstream.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}). Immutable:
 * {@link #with} and {@link #at} return a copy. Extension members are written next to the standard ones.
 */
@Schema(name = "Problem", description = "RFC 9457 problem detail. 'type' is urn:paperstream:problem:<slug>, or"
        + " about:blank for a plain HTTP error (unknown path, wrong method). Extension members depend on the type;"
        + " the service's README lists them.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance" })
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** RFC 9457's type of a problem that is no more than its HTTP status. */
    public static final String ABOUT_BLANK = "about:blank";

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final String instance;
    private final Map<String, Object> extensions;

    public Problem(String type, String title, int status, String detail, String instance,
            Map<String, Object> extensions) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    public static Problem of(ProblemType type, String detail) {
        return of(type, detail, null);
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, Map.of());
    }

    /** A problem that is no more than its HTTP status ({@code about:blank}, the status's reason phrase as title). */
    public static Problem ofStatus(int status, String detail, String instance) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return new Problem(ABOUT_BLANK, title, status, detail, instance, Map.of());
    }

    /** This problem with one more extension member. */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    /** This problem about another request path. */
    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, extensions);
    }

    @JsonProperty
    @Schema(examples = "urn:paperstream:problem:invalid-parameter")
    public String type() {
        return type;
    }

    @JsonProperty
    public String title() {
        return title;
    }

    @JsonProperty
    public int status() {
        return status;
    }

    @JsonProperty
    public String detail() {
        return detail;
    }

    /** The path of the request that met the problem. */
    @JsonProperty
    public String instance() {
        return instance;
    }

    @JsonAnyGetter
    @Schema(hidden = true)
    public Map<String, Object> extensions() {
        return extensions;
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    @Override
    public String toString() {
        return status + " " + type + ": " + detail;
    }
}
