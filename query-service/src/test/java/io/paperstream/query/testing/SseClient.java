package io.paperstream.query.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A plain-HTTP Server-Sent Events reader: every event and comment of one stream, in order. */
public final class SseClient implements AutoCloseable {

    /** A dispatched event, or a comment (name "comment", data = its text). */
    public record Event(String name, String id, String data) {

        public boolean isComment() {
            return "comment".equals(name);
        }

        /** The server ended the stream (recorded as the last "event", name "end"). */
        public boolean isEnd() {
            return "end".equals(name);
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        reader = new Thread(this::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects; returns once the response headers are in (the server sends them with its first comment). */
    public static SseClient open(URI uri, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        return new SseClient(response);
    }

    public HttpResponse<Stream<String>> response() {
        return response;
    }

    /** Waits for the next event (or comment) matching the predicate, skipping others; null on timeout. */
    public Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    /** Waits for {@code count} events matching the predicate. */
    public List<Event> next(int count, Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        List<Event> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < count) {
            Event event = next(wanted, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                break;
            }
            found.add(event);
        }
        return found;
    }

    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith(":")) {
                    events.add(new Event("comment", null, line.substring(1).trim()));
                } else if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    data.setLength(0);
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                        default -> { /* ignored, as EventSource does */ }
                    }
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed
        }
        events.add(new Event("end", null, null));
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
