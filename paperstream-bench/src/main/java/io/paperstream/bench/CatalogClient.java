package io.paperstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads query's API: the catalog size, the themes, and timed listings. Thread-safe. */
public final class CatalogClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** A theme of {@code GET /themes} with its paper count. */
    public record ThemeCount(String slug, long papers) {
    }

    private final HttpClient http;
    private final String queryUrl;
    private final ObjectMapper json = new ObjectMapper();

    public CatalogClient(HttpClient http, String queryUrl) {
        this.http = http;
        this.queryUrl = queryUrl;
    }

    /** Papers in the catalog ({@code GET /stats}). */
    public long papers() throws IOException, InterruptedException {
        return getJson("/stats").path("papers").asLong();
    }

    /** Every theme of {@code GET /themes}, in the service's order. */
    public List<ThemeCount> themes() throws IOException, InterruptedException {
        List<ThemeCount> themes = new ArrayList<>();
        for (JsonNode theme : getJson("/themes")) {
            themes.add(new ThemeCount(theme.path("slug").asText(), theme.path("paperCount").asLong()));
        }
        return themes;
    }

    /**
     * Times one GET of a path (answer fully read), in milliseconds.
     *
     * @throws IllegalStateException for any answer but 200
     */
    public double timedGet(String pathAndQuery) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofByteArray());
        long elapsed = System.nanoTime() - start;
        requireOk(pathAndQuery, response);
        return elapsed / 1e6;
    }

    public String streamUrl(String slug) {
        return queryUrl + "/themes/" + encode(slug) + "/stream";
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofByteArray());
        requireOk(pathAndQuery, response);
        return json.readTree(response.body());
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(queryUrl + pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
    }

    private void requireOk(String pathAndQuery, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + queryUrl + pathAndQuery + " answered HTTP "
                    + response.statusCode() + ": " + Http.excerpt(response.body()));
        }
    }
}
