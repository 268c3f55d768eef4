package io.paperstream.e2e.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} as EventSource does: one field per line, an event at each blank line, comments
 * ({@code :...}) skipped, and the last event id surviving events that carry none. The subscribers of this package
 * share it.
 */
final class SseLines {

    /**
     * What a blank line dispatches.
     *
     * @param type        the {@code event} field, or null when the event named none
     * @param lastEventId the last event id so far (of this event or an earlier one)
     * @param data        the {@code data} lines joined by newlines; empty when the event had none
     */
    record Event(String type, String lastEventId, String data) {
    }

    private SseLines() {
    }

    /** Reads until the stream ends, handing every dispatched event to {@code onEvent}. */
    static void read(InputStream body, String lastEventId, Consumer<Event> onEvent) throws IOException {
        String type = null;
        String id = lastEventId;
        StringBuilder data = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    onEvent.accept(new Event(type, id, data.toString()));
                    type = null;
                    data.setLength(0);
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> type = value;
                        case "id" -> id = value;
                        case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                        default -> { /* retry and unknown fields are ignored, as EventSource does */ }
                    }
                }
            }
        }
    }
}
