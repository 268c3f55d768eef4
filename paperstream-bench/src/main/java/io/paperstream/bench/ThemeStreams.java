package io.paperstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.paperstream.client.CatalogClient;
import io.paperstream.client.Http;
import io.paperstream.client.SseSubscriber;

/**
 * Watches theme streams ({@code GET /themes/<slug>/stream}) and records when each paper first arrives on any of
 * them ({@link System#nanoTime()}), for the freshness figure. A paper is known by the id in its event's data; the
 * SSE event id is opaque and never read: this reader does not reconnect, so it needs no resume point.
 */
public final class ThemeStreams implements AutoCloseable {

    private static final long ATTACH_POLL_MILLIS = 20;

    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final List<SseSubscriber> streams = new ArrayList<>();

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
            String id = Http.json(event.data()).path("id").asText(null);
            if (id != null) {
                firstArrival.putIfAbsent(id, arrivedAt);
            }
        } catch (IllegalStateException e) {
            System.err.println("bench: unreadable paper event: " + e.getMessage());
        }
    }
}
