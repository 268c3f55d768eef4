package io.paperstream.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A subscriber of one Server-Sent Events stream (a theme stream of query, {@link CatalogClient#streamUri}) on a
 * background thread, reading with the kit's {@link SseReader}, as a browser's EventSource would minus automatic
 * reconnection: a dropped stream is recorded, not hidden. A caller resumes on purpose with
 * {@link #open(URI, String)} and {@link #lastEventId()} (sent as {@code Last-Event-ID}; an id is opaque: query's is
 * a position in the theme topic, valid on every query instance).
 * <p>
 * {@link #open(URI, String)} keeps every event and comment (for tests); {@link #open(URI, String, Consumer)} keeps
 * none and hands each event to a callback with its arrival time (for long runs). Paper ids are counted either way.
 */
public final class SseSubscriber implements AutoCloseable {

    /** The event query sends for a paper; its data is the paper JSON, with its id. */
    public static final String PAPER_EVENT = "paper";
    /** The comment query sends first, once the stream is attached to the theme. */
    public static final String SUBSCRIBED_COMMENT = "subscribed to";
    /** Type of the queued item for a comment line (data = its text). */
    public static final String COMMENT = ":comment";
    /** Type of the queued item that marks the end of the stream. */
    public static final String END = ":end";

    /**
     * A dispatched event (or, in {@link #next}, a comment or the end).
     *
     * @param arrivedAtNanos {@link System#nanoTime()} when its last line arrived
     */
    public record Event(String type, String id, String data, long arrivedAtNanos) {

        public boolean isComment() {
            return COMMENT.equals(type);
        }

        public boolean isEnd() {
            return END.equals(type);
        }

        public boolean isPaper() {
            return PAPER_EVENT.equals(type);
        }
    }

    private final URI uri;
    private final String resumeFrom;
    private final Consumer<Event> callback;
    private final boolean keep;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Map<String, Integer> paperCounts = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong paperEvents = new AtomicLong();
    private volatile HttpHeaders headers;
    private volatile InputStream body;
    private volatile String lastEventId;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile boolean ended;
    private Thread reader;

    private SseSubscriber(URI uri, String resumeFrom, Consumer<Event> callback, boolean keep) {
        this.uri = uri;
        this.resumeFrom = resumeFrom;
        this.lastEventId = resumeFrom;
        this.callback = callback;
        this.keep = keep;
    }

    /** Connects, keeping every event; returns once the server answered 200 with {@code text/event-stream}. */
    public static SseSubscriber open(URI uri) {
        return open(uri, null);
    }

    /**
     * Connects with {@code Last-Event-ID: lastEventId} (none when null), keeping every event: the stream resumes
     * after that event, on whichever instance {@code uri} names.
     *
     * @throws IllegalStateException when the server answers anything but 200 with {@code text/event-stream}
     */
    public static SseSubscriber open(URI uri, String lastEventId) {
        SseSubscriber subscriber = new SseSubscriber(uri, lastEventId, event -> { }, true);
        subscriber.connect();
        return subscriber;
    }

    /** Connects, keeping no event: each goes to {@code onEvent} on the reading thread. */
    public static SseSubscriber open(URI uri, String lastEventId, Consumer<Event> onEvent) {
        SseSubscriber subscriber = new SseSubscriber(uri, lastEventId, onEvent, false);
        subscriber.connect();
        return subscriber;
    }

    private void connect() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (resumeFrom != null) {
            builder.header(CatalogClient.LAST_EVENT_ID, resumeFrom);
        }
        HttpResponse<InputStream> response;
        try {
            // no request timeout: the stream is meant to stay open; the connect timeout still applies
            response = Http.client().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200 || !Http.contentType(response).startsWith("text/event-stream")) {
            String answer = "";
            try (InputStream refusal = response.body()) {
                answer = Http.excerpt(refusal.readNBytes(4096));
            } catch (IOException ignored) {
                // the status says enough
            }
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + " "
                    + Http.contentType(response) + ": " + answer);
        }
        headers = response.headers();
        body = response.body();
        reader = new Thread(this::read, "sse-" + uri.getPath());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        SseReader sse = new SseReader(resumeFrom, this::dispatch, this::comment);
        try {
            sse.readAll(body);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                problems.add("stream failed: " + e);
            }
        }
        ended = true;
        if (!closed) {
            problems.add("the server ended the stream");
        }
        queue.add(new Event(END, null, null, System.nanoTime()));
    }

    private void comment(String text) {
        if (text.startsWith(SUBSCRIBED_COMMENT)) {
            subscribed = true;
        }
        if (keep) {
            queue.add(new Event(COMMENT, null, text, System.nanoTime()));
        }
    }

    private void dispatch(SseReader.Event read) {
        Event event = new Event(read.type(), read.id(), read.data(), System.nanoTime());
        if (keep) {
            events.add(event);
            queue.add(event);
        }
        if (event.isPaper()) {
            paperEvents.incrementAndGet();
            try {
                JsonNode paper = Http.json(event.data());
                paperCounts.merge(paper.path("id").asText(), 1, Integer::sum);
                if (event.id() != null) {
                    lastEventId = event.id();
                }
            } catch (RuntimeException e) {
                problems.add("event " + event.id() + " is not paper JSON: " + Http.excerpt(event.data()));
            }
        }
        callback.accept(event);
    }

    /**
     * Waits for the next queued item (event, comment or end) matching the predicate, skipping others; null when
     * none came in time. Only for a subscriber that keeps events.
     */
    public Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Event event = queue.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    /** Waits for {@code count} items matching the predicate; fewer when the time ran out. */
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

    /** The answer's headers. */
    public HttpHeaders headers() {
        return headers;
    }

    /** Every dispatched event so far (kept only by {@link #open(URI, String)}). */
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

    public long paperEvents() {
        return paperEvents.get();
    }

    /** The id of the last {@code paper} event (or the one resumed from), where a reconnection resumes. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Whether the server said the stream is attached to its theme (its first comment). */
    public boolean subscribed() {
        return subscribed;
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
            reader.interrupt();
            try {
                reader.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
