package io.paperstream.bench;

import java.util.function.Consumer;

/**
 * Turns the lines of a Server-Sent Events stream into events (name and data), per the SSE format: fields until
 * a blank line, {@code data} lines joined by newlines, comment lines (starting with ':') passed on apart.
 * Not thread-safe: one reader per stream.
 */
public final class SseEventReader {

    /** A complete event; {@code name} is "message" when the stream gave none. */
    public record Event(String name, String id, String data) {
    }

    private static final String DEFAULT_EVENT = "message";

    private final Consumer<Event> events;
    private final Consumer<String> comments;
    private final StringBuilder data = new StringBuilder();
    private String name;
    private String id;
    private boolean hasData;

    public SseEventReader(Consumer<Event> events, Consumer<String> comments) {
        this.events = events;
        this.comments = comments;
    }

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
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // retry and unknown fields mean nothing to a reader that never reconnects
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            events.accept(new Event(name == null || name.isEmpty() ? DEFAULT_EVENT : name, id, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        name = null;
        id = null;
    }
}
