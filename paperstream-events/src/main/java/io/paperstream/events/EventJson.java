package io.paperstream.events;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of the events: ISO-8601 instants, unknown fields ignored so that a newer producer's
 * additions never break an older consumer.
 */
public final class EventJson {

    /** With {@link IsoInstants}: the same JSON and the same instants, read and written without a DateTimeFormatter. */
    private static final ObjectMapper MAPPER = configure(new ObjectMapper()).registerModule(IsoInstants.module());

    private EventJson() {
    }

    /** Applies the event JSON conventions to a mapper (also used to align Quarkus' own mapper). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an event; throws {@link InvalidEventException} with a readable reason when the bytes are not
     * JSON of that type.
     */
    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException("empty record value, expected a " + type.getSimpleName() + " JSON object");
        }
        try {
            return MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not a valid " + type.getSimpleName() + " JSON object: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
