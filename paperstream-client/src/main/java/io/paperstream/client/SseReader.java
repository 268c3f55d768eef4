package io.paperstream.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The one reader of {@code text/event-stream}, as EventSource reads it: one field per line ({@code id},
 * {@code event}, {@code data}, {@code retry}), an event dispatched at each blank line, {@code data} lines joined by
 * newlines, comment lines ({@code :...}) handed on apart, and the last event id surviving events that carry
 * none. An event without data is not dispatched (as EventSource). Not thread-safe: one reader per stream.
 */
public final class SseReader {

    /** The event type EventSource gives an event that names none. */
    public static final String DEFAULT_TYPE = "message";

    /**
     * What a blank line dispatches.
     *
     * @param type        the {@code event} field, or {@link #DEFAULT_TYPE} when the event named none
     * @param id          the last event id so far (of this event or an earlier one), or null
     * @param data        the {@code data} lines joined by newlines
     * @param ownId       whether this event carried its own {@code id} field
     */
    public record Event(String type, String id, String data, boolean ownId) {
    }

    private final Consumer<Event> events;
    private final Consumer<String> comments;
    private final StringBuilder data = new StringBuilder();
    private String type;
    private String lastEventId;
    private boolean ownId;
    private boolean hasData;
    private long retryMillis = -1;

    /** {@code lastEventId}: the id a resumed stream starts from (sent as {@code Last-Event-ID}), or null. */
    public SseReader(String lastEventId, Consumer<Event> events, Consumer<String> comments) {
        this.lastEventId = lastEventId;
        this.events = events;
        this.comments = comments;
    }

    public SseReader(Consumer<Event> events) {
        this(null, events, comment -> { });
    }

    /** Reads a stream until it ends, then closes it. */
    public void readAll(InputStream body) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                line(line);
            }
        }
    }

    /** One line of the stream, without its end. */
    public void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            comments.accept(line.substring(1).strip());
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "id" -> {
                // EventSource ignores an id holding NUL
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                    ownId = true;
                }
            }
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        retryMillis = Long.parseLong(value);
                    } catch (NumberFormatException tooLong) {
                        // EventSource ignores a retry it cannot read
                    }
                }
            }
            default -> {
                // unknown fields are ignored, as EventSource does
            }
        }
    }

    /** The last event id so far: where a reconnection resumes. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for, in milliseconds, or -1 when it asked none. */
    public long retryMillis() {
        return retryMillis;
    }

    private void dispatch() {
        if (hasData) {
            events.accept(new Event(type == null || type.isEmpty() ? DEFAULT_TYPE : type, lastEventId,
                    data.toString(), ownId));
        }
        data.setLength(0);
        hasData = false;
        type = null;
        ownId = false;
    }
}
