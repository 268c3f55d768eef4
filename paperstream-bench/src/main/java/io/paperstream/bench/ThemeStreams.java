package io.paperstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Watches theme streams ({@code GET /themes/<slug>/stream}) and records when each paper first arrives on any of
 * them ({@link System#nanoTime()}), for the freshness figure. A paper is known by the id in its event's data; the
 * SSE event id is opaque (a sequence number or a vector of partition positions, as the query service chooses) and
 * never read: this reader does not reconnect, so it needs no resume point.
 */
public final class ThemeStreams implements AutoCloseable {

    /** The event query sends for a paper; its data is the paper JSON, with its id. */
    private static final String PAPER_EVENT = "paper";
    /** The comment query sends first, once the stream is attached to the theme. */
    private static final String SUBSCRIBED_COMMENT = "subscribed to";

    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final List<Stream> streams = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Opens one stream per slug and waits until each is attached (or failed).
     *
     * @return the slugs whose stream is attached
     */
    public List<String> open(HttpClient http, CatalogClient catalog, List<String> slugs, long timeoutMillis)
            throws InterruptedException {
        CountDownLatch attached = new CountDownLatch(slugs.size());
        for (String slug : slugs) {
            Stream stream = new Stream(slug, attached);
            streams.add(stream);
            HttpRequest request = HttpRequest.newBuilder(URI.create(catalog.streamUrl(slug)))
                    .header("Accept", "text/event-stream").GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(stream))
                    .whenComplete((response, failure) -> stream.answered(response, failure));
        }
        attached.await(timeoutMillis, TimeUnit.MILLISECONDS);
        List<String> open = new ArrayList<>();
        for (Stream stream : streams) {
            if (stream.subscribed) {
                open.add(stream.slug);
            } else {
                System.err.println("bench: theme stream " + stream.slug + " not attached"
                        + (stream.problem == null ? "" : ": " + stream.problem));
            }
        }
        return open;
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
        streams.forEach(Stream::cancel);
    }

    /** One event of a stream, arrived at {@code arrivedAt}: a paper event records the paper's first arrival. */
    void received(SseEventReader.Event event, long arrivedAt) {
        if (!PAPER_EVENT.equals(event.name())) {
            return;
        }
        events.incrementAndGet();
        try {
            String id = json.readTree(event.data()).path("id").asText(null);
            if (id != null) {
                firstArrival.putIfAbsent(id, arrivedAt);
            }
        } catch (IOException e) {
            System.err.println("bench: unreadable paper event: " + e.getMessage());
        }
    }

    /** One stream: its lines go through an SSE reader; the time of an event is when its last line arrived. */
    private final class Stream implements Flow.Subscriber<String> {
        final String slug;
        final CountDownLatch attached;
        final SseEventReader reader;
        volatile boolean subscribed;
        volatile String problem;
        volatile Flow.Subscription subscription;
        volatile boolean cancelled;
        private boolean settled;

        Stream(String slug, CountDownLatch attached) {
            this.slug = slug;
            this.attached = attached;
            this.reader = new SseEventReader(event -> received(event, System.nanoTime()), this::comment);
        }

        private void comment(String text) {
            if (!subscribed && text.startsWith(SUBSCRIBED_COMMENT)) {
                subscribed = true;
                settle();
            }
        }

        void answered(HttpResponse<Void> response, Throwable failure) {
            if (failure != null) {
                fail(failure.toString());
            } else if (response.statusCode() != 200) {
                fail("HTTP " + response.statusCode());
            }
        }

        private void fail(String why) {
            if (!subscribed && !cancelled) {
                problem = why;
                settle();
            }
        }

        /** Counts the stream down once, whichever comes first: attached or failed. */
        private synchronized void settle() {
            if (!settled) {
                settled = true;
                attached.countDown();
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            reader.line(line);
        }

        @Override
        public void onError(Throwable throwable) {
            fail(throwable.toString());
        }

        @Override
        public void onComplete() {
            fail("the stream ended");
        }
    }
}
