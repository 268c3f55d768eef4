package io.paperstream.bench;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.Http;
import io.paperstream.client.SseSubscriber;

/**
 * Watches theme streams ({@code GET /themes/<slug>/stream}) and records when each paper first arrives on any of
 * them ({@link System#nanoTime()}), for the freshness figure. A paper is known by the id in its event's data; the
 * SSE event id is opaque and never read: this reader does not reconnect, so it needs no resume point.
 * <p>
 * With the arrival it keeps the paper's own timestamps ({@code ingestedAt}, {@code enrichedAt}), so the benchmark can
 * say where a paper's time went: before enrich tagged it, or between enrich and the stream.
 */
public final class ThemeStreams implements AutoCloseable {

    private static final long ATTACH_POLL_MILLIS = 20;
    private static final long NANOS_PER_MILLI = 1_000_000;

    /**
     * A paper's path in wall-clock milliseconds (the services' clocks and this one: the same host when run locally).
     *
     * @param ingestedAt when ingest accepted it
     * @param enrichedAt when enrich tagged it
     * @param arrivedAt  when it first arrived on a watched stream
     */
    public record Stages(long ingestedAt, long enrichedAt, long arrivedAt) {

        /** From ingest's acceptance to enrich's tagging: ingest's produce, enrich's fetch and queue. */
        public long untilTagged() {
            return enrichedAt - ingestedAt;
        }

        /** From enrich's tagging to the stream: enrich's commit, the feed's fetch, the SSE write. */
        public long taggedToStream() {
            return arrivedAt - enrichedAt;
        }
    }

    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, Stages> stages = new ConcurrentHashMap<>();
    /** Wall-clock nanoseconds minus {@link System#nanoTime()}: turns an arrival into wall-clock time. */
    private final long wallClockOffsetNanos;
    private final AtomicLong events = new AtomicLong();
    private final List<SseSubscriber> streams = new ArrayList<>();

    public ThemeStreams() {
        this(System.currentTimeMillis() * NANOS_PER_MILLI - System.nanoTime());
    }

    ThemeStreams(long wallClockOffsetNanos) {
        this.wallClockOffsetNanos = wallClockOffsetNanos;
    }

    /**
     * Opens one stream per slug and waits until each is attached (or failed).
     *
     * @return the slugs whose stream is attached
     */
    public List<String> open(CatalogClient catalog, List<String> slugs, long timeoutMillis)
            throws InterruptedException {
        List<String> opened = new ArrayList<>();
        List<SseSubscriber> subscribers = new ArrayList<>();
        for (String slug : slugs) {
            try {
                SseSubscriber stream = SseSubscriber.open(catalog.streamUri(slug), null,
                        event -> received(event, event.arrivedAtNanos()));
                streams.add(stream);
                subscribers.add(stream);
                opened.add(slug);
            } catch (RuntimeException e) {
                System.err.println("bench: theme stream " + slug + " not attached: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (subscribers.stream().anyMatch(stream -> !stream.subscribed() && !stream.ended())
                && System.nanoTime() < deadline) {
            Thread.sleep(ATTACH_POLL_MILLIS);
        }
        List<String> attached = new ArrayList<>();
        for (int i = 0; i < subscribers.size(); i++) {
            if (subscribers.get(i).subscribed()) {
                attached.add(opened.get(i));
            } else {
                System.err.println("bench: theme stream " + opened.get(i) + " not attached "
                        + subscribers.get(i).problems());
            }
        }
        return attached;
    }

    /** When the paper first arrived on a stream, or null. */
    public Long arrival(String paperId) {
        return firstArrival.get(paperId);
    }

    /** The paper's timestamps and its first arrival, or null (not arrived, or its event carried no timestamps). */
    public Stages stages(String paperId) {
        return stages.get(paperId);
    }

    /** Paper events received on all streams (a paper of several watched themes counts once per stream). */
    public long events() {
        return events.get();
    }

    @Override
    public void close() {
        streams.forEach(SseSubscriber::close);
    }

    /** One event of a stream, arrived at {@code arrivedAt}: a paper event records the paper's first arrival. */
    void received(SseSubscriber.Event event, long arrivedAt) {
        if (!event.isPaper()) {
            return;
        }
        events.incrementAndGet();
        try {
            JsonNode paper = Http.json(event.data());
            String id = paper.path("id").asText(null);
            if (id != null && firstArrival.putIfAbsent(id, arrivedAt) == null) {
                String ingestedAt = paper.path("ingestedAt").asText(null);
                String enrichedAt = paper.path("enrichedAt").asText(null);
                if (ingestedAt != null && enrichedAt != null) {
                    stages.put(id, new Stages(Instant.parse(ingestedAt).toEpochMilli(),
                            Instant.parse(enrichedAt).toEpochMilli(),
                            Math.floorDiv(arrivedAt + wallClockOffsetNanos, NANOS_PER_MILLI)));
                }
            }
        } catch (IllegalStateException | DateTimeParseException e) {
            System.err.println("bench: unreadable paper event: " + e.getMessage());
        }
    }
}
