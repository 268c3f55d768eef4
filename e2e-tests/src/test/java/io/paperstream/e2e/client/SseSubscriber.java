package io.paperstream.e2e.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client on a background thread that keeps every event it sees ({@code event},
 * {@code id}, {@code data}), as a browser's EventSource would, minus automatic reconnection: a dropped stream is
 * recorded, not hidden. A test reconnects on purpose with {@link #open(URI, String)} and {@link #lastEventId()}
 * (an id is an opaque string: query's is a position in the theme topic, valid on every query instance).
 */
public final class SseSubscriber implements AutoCloseable {

    /** One dispatched event. */
    public record Event(String type, String id, String data) {
    }

    private final URI uri;
    private final String resumeFrom;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> paperCounts = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile InputStream body;
    private volatile String lastEventId;
    private volatile boolean closed;
    private volatile boolean ended;
    private Thread reader;

    private SseSubscriber(URI uri, String resumeFrom) {
        this.uri = uri;
        this.resumeFrom = resumeFrom;
    }

    /** Connects and returns once the server has answered 200 with {@code text/event-stream}. */
    public static SseSubscriber open(URI uri) {
        return open(uri, null);
    }

    /**
     * Connects with {@code Last-Event-ID: lastEventId} (none when null): the stream resumes after that event, on
     * whichever instance {@code uri} names.
     */
    public static SseSubscriber open(URI uri, String lastEventId) {
        SseSubscriber subscriber = new SseSubscriber(uri, lastEventId);
        subscriber.connect();
        return subscriber;
    }

    private void connect() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (resumeFrom != null) {
            builder.header("Last-Event-ID", resumeFrom);
        }
        HttpRequest request = builder.build();
        HttpResponse<InputStream> response;
        try {
            // no request timeout: the stream is meant to stay open; the connect timeout still applies
            response = Http.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200 || !Http.contentType(response).startsWith("text/event-stream")) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + " "
                    + Http.contentType(response));
        }
        body = response.body();
        reader = new Thread(this::read, "e2e-sse-" + uri.getPath());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            SseLines.read(body, null, event -> {
                if (!event.data().isEmpty()) {
                    dispatch(new Event(event.type() == null ? "message" : event.type(), event.lastEventId(),
                            event.data()));
                }
            });
        } catch (IOException e) {
            if (!closed) {
                problems.add("stream failed: " + e);
            }
        }
        ended = true;
        if (!closed) {
            problems.add("the server ended the stream");
        }
    }

    private void dispatch(Event event) {
        events.add(event);
        if ("paper".equals(event.type())) {
            try {
                JsonNode paper = Http.json(event.data());
                paperCounts.merge(paper.path("id").asText(), 1, Integer::sum);
                if (event.id() != null) {
                    lastEventId = event.id();
                }
            } catch (RuntimeException e) {
                problems.add("event " + event.id() + " is not paper JSON: " + Http.abbreviate(event.data()));
            }
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Ids of the papers of every {@code paper} event so far. */
    public Set<String> paperIds() {
        return Set.copyOf(paperCounts.keySet());
    }

    /** How many {@code paper} events each paper had so far (more than one: it was sent again). */
    public Map<String, Integer> paperEventCounts() {
        return Map.copyOf(paperCounts);
    }

    /** The id of the last {@code paper} event, where a reconnection resumes; null before the first. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Dropped streams and unreadable events; empty while all is well. */
    public List<String> problems() {
        return new ArrayList<>(problems);
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException ignored) {
            // closing is best effort: the JVM may be about to exit anyway
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
