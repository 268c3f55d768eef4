package io.paperstream.e2e.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.paperstream.client.Http;
import io.paperstream.client.SseReader;
import io.paperstream.client.SseSubscriber;
import io.paperstream.e2e.harness.Progress;

/**
 * A Server-Sent Events client that resumes as a browser's EventSource does: when its stream ends or breaks, it
 * connects again with the id of the last event it received as {@code Last-Event-ID}. It knows several servers of
 * the same stream (query instances) and goes to its home server first, to the next one when that does not answer,
 * so a subscriber whose server was killed resumes on another. Event ids are opaque strings, passed back as
 * received. Every {@code paper} event is kept with the server and connection it came on, so that "every paper
 * exactly once across reconnections" can be checked.
 */
public final class ResumingSseSubscriber implements AutoCloseable {

    /** One server of the stream: a name for the reports, and its URIs. */
    public record Server(String name, Function<String, URI> uris) {
    }

    /** One {@code paper} event: the paper's id, the event id, where and on which connection (1, 2, ...) it came. */
    public record Delivery(String paperId, String eventId, String server, int connection) {
    }

    /** A connection attempt that got an answer other than 200 {@code text/event-stream}. */
    public record Refusal(String server, int status, String lastEventId, String body) {
    }

    /** Between connection attempts, as EventSource's default reconnection time. */
    static final Duration RETRY_AFTER = Duration.ofMillis(500);
    static final Duration FIRST_CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final String path;
    private final List<Server> servers;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** Why each connection ended: a server's end, a broken stream, a move ordered by the test. */
    private final List<String> disconnects = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private final Thread loop;
    private volatile int home;
    private volatile String lastEventId;
    private volatile String connectedTo;
    private volatile int connections;
    private volatile InputStream body;
    private volatile boolean moving;
    private volatile boolean closed;

    private ResumingSseSubscriber(String name, String path, List<Server> servers, int home) {
        this.name = name;
        this.path = path;
        this.servers = List.copyOf(servers);
        this.home = home;
        this.loop = new Thread(this::run, "e2e-sse-" + name);
        this.loop.setDaemon(true);
    }

    /**
     * Subscribes to {@code path} on {@code servers.get(home)} and returns once that server answered 200 (the
     * subscription exists: what is published from now on must reach it).
     */
    public static ResumingSseSubscriber open(String name, String path, List<Server> servers, int home) {
        ResumingSseSubscriber subscriber = new ResumingSseSubscriber(name, path, servers, home);
        subscriber.loop.start();
        try {
            if (!subscriber.firstConnection.await(FIRST_CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                subscriber.close();
                throw new IllegalStateException(name + ": no connection to " + path + " within "
                        + FIRST_CONNECT_TIMEOUT + "; refusals " + subscriber.refusals);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return subscriber;
    }

    private void run() {
        int attempt = 0;
        while (!closed) {
            Server server = servers.get((home + attempt) % servers.size());
            if (connect(server)) {
                attempt = 0;
            } else {
                attempt++;
                sleep(RETRY_AFTER);
            }
        }
    }

    /** One connection, read to its end; false when the server could not be reached or did not accept. */
    private boolean connect(Server server) {
        String resumeFrom = lastEventId;
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uris().apply(path))
                .header("Accept", "text/event-stream").GET();
        if (resumeFrom != null) {
            request.header("Last-Event-ID", resumeFrom);
        }
        HttpResponse<InputStream> response;
        try {
            // no request timeout: the stream is meant to stay open; the connect timeout still applies
            response = Http.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException notReachable) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return false;
        }
        if (response.statusCode() != 200 || !Http.contentType(response).startsWith("text/event-stream")) {
            refusals.add(new Refusal(server.name(), response.statusCode(), resumeFrom, readSome(response.body())));
            return false;
        }
        int connection = ++connections;
        body = response.body();
        connectedTo = server.name();
        if (closed) {
            closeBody();
        }
        firstConnection.countDown();
        if (connection > 1) {
            Progress.log("sse %s: connection #%d to %s resumes after event %s", name, connection, server.name(),
                    resumeFrom);
        }
        String end = read(server, connection);
        connectedTo = null;
        if (!closed) {
            disconnects.add("#" + connection + " " + server.name() + ": " + (moving ? "moved by the test" : end)
                    + " after event " + lastEventId);
        }
        moving = false;
        return true;
    }

    /** Reads events as EventSource does (the last event id survives events without one) until the stream ends. */
    private String read(Server server, int connection) {
        try {
            new SseReader(lastEventId, event -> {
                // dispatch: only a complete event moves the resume point
                lastEventId = event.id();
                if (SseSubscriber.PAPER_EVENT.equals(event.type())) {
                    paper(event.data(), event.id(), server, connection);
                }
            }, comment -> { }).readAll(body);
            return "the server ended the stream";
        } catch (IOException e) {
            return "the stream broke (" + e + ")";
        }
    }

    private void paper(String json, String eventId, Server server, int connection) {
        try {
            String paperId = Http.json(json).path("id").asText("");
            if (paperId.isEmpty()) {
                problems.add("event " + eventId + " from " + server.name() + " has no paper id: "
                        + Http.excerpt(json));
            } else {
                deliveries.add(new Delivery(paperId, eventId, server.name(), connection));
            }
        } catch (RuntimeException e) {
            problems.add("event " + eventId + " from " + server.name() + " is not paper JSON: "
                    + Http.excerpt(json));
        }
    }

    /**
     * Makes {@code server} the home server and, when connected elsewhere, drops that connection: the next one
     * goes there, resuming after the last event received.
     */
    public void moveHomeTo(int server) {
        home = server;
        String current = connectedTo;
        if (current != null && !current.equals(servers.get(server).name())) {
            moving = true;
            closeBody();
        }
    }

    public String name() {
        return name;
    }

    /** Where the stream is connected now, or null between connections. */
    public String connectedTo() {
        return connectedTo;
    }

    public int connections() {
        return connections;
    }

    public String lastEventId() {
        return lastEventId;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Ids of the papers delivered, each once. */
    public Set<String> paperIds() {
        Set<String> ids = new LinkedHashSet<>();
        deliveries.forEach(d -> ids.add(d.paperId()));
        return ids;
    }

    /** Papers delivered more than once, with every delivery of each. */
    public Map<String, List<Delivery>> duplicates() {
        Map<String, List<Delivery>> byPaper = new TreeMap<>();
        deliveries.forEach(d -> byPaper.computeIfAbsent(d.paperId(), id -> new ArrayList<>()).add(d));
        byPaper.values().removeIf(list -> list.size() < 2);
        return byPaper;
    }

    /** Papers delivered per server. */
    public Map<String, Integer> deliveriesPerServer() {
        Map<String, Integer> counts = new TreeMap<>();
        deliveries.forEach(d -> counts.merge(d.server(), 1, Integer::sum));
        return counts;
    }

    public List<String> disconnects() {
        return List.copyOf(disconnects);
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** Unreadable events; empty while all is well. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Event ids seen on more than one delivery (ids must be unique within a stream). */
    public Set<String> repeatedEventIds() {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        deliveries.forEach(d -> {
            if (d.eventId() != null && !seen.add(d.eventId())) {
                repeated.add(d.eventId());
            }
        });
        return repeated;
    }

    public String summary() {
        return String.format("sse %s: %d papers delivered (%d distinct) over %d connections %s, last event id %s,"
                + " disconnects %s, refusals %d", name, deliveries.size(), paperIds().size(), connections,
                deliveriesPerServer(), lastEventId, disconnects, refusals.size());
    }

    private void closeBody() {
        InputStream current = body;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the stream is being dropped anyway
            }
        }
    }

    private static String readSome(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(2_000);
            return Http.excerpt(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeBody();
        loop.interrupt();
        try {
            loop.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
