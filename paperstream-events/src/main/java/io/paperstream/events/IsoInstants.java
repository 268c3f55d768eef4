package io.paperstream.events;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * The instants of the events in the one form they are written in, {@code DateTimeFormatter.ISO_INSTANT} for years
 * 0000-9999 ({@code 2026-11-26T10:00:00.123456Z}: seconds always, a fraction in groups of three digits when not zero,
 * UTC), read and written without a {@code DateTimeFormatter}: in a profile of enrich, Jackson's own parsing of
 * {@code ingestedAt} alone cost 7 % of the service's CPU. Anything else (another offset, a leap second, a number, a
 * year outside 0000-9999, a {@code @JsonFormat}) goes to jackson-datatype-jsr310's deserializer and serializer, so the
 * JSON and the instants read are exactly what Jackson alone gives.
 */
public final class IsoInstants {

    /** {@code yyyy-MM-ddTHH:mm:ssZ}. */
    private static final int SHORTEST = 20;
    /** With nine digits of fraction. */
    private static final int LONGEST = SHORTEST + 1 + 9;
    private static final int MAX_FRACTION_DIGITS = 9;
    private static final int MAX_HOUR = 23;
    private static final int MAX_MINUTE_OR_SECOND = 59;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years ISO_INSTANT writes with four digits, no sign. */
    private static final long MIN_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long MAX_FOUR_DIGIT_SECOND = 253_402_300_799L;
    private static final int NANOS_PER_MILLI = 1_000_000;
    private static final int NANOS_PER_MICRO = 1_000;

    private IsoInstants() {
    }

    /** The Jackson module that reads and writes {@link Instant}s this way. */
    public static SimpleModule module() {
        return new SimpleModule(IsoInstants.class.getName())
                .addSerializer(Instant.class, new Serializer())
                .addDeserializer(Instant.class, new Deserializer());
    }

    /**
     * The instant written as {@code text}, or null when {@code text} is not in the exact form (the caller then uses a
     * full parser, which may still read it or say why not).
     */
    public static Instant parse(CharSequence text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > MAX_HOUR || minute < 0
                || minute > MAX_MINUTE_OR_SECOND || second < 0 || second > MAX_MINUTE_OR_SECOND) {
            return null;
        }
        int nanos = 0;
        int fractionDigits = length - SHORTEST - 1;
        if (length > SHORTEST) {
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < MAX_FRACTION_DIGITS; i++) {
                nanos *= 10;
            }
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // 2026-02-30 and the like: the full parser gives the reason
            return null;
        }
    }

    /**
     * Writes {@code instant} as {@code ISO_INSTANT} would into {@code out} (at least {@link #LONGEST} characters);
     * returns the length written, or -1 when the instant is outside the years 0000-9999.
     */
    static int format(Instant instant, char[] out) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < MIN_FOUR_DIGIT_SECOND || epochSecond > MAX_FOUR_DIGIT_SECOND) {
            return -1;
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        put(out, 0, time.getYear(), 4);
        out[4] = '-';
        put(out, 5, time.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, time.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, time.getHour(), 2);
        out[13] = ':';
        put(out, 14, time.getMinute(), 2);
        out[16] = ':';
        put(out, 17, time.getSecond(), 2);
        int at = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[at++] = '.';
            if (nanos % NANOS_PER_MILLI == 0) {
                put(out, at, nanos / NANOS_PER_MILLI, 3);
                at += 3;
            } else if (nanos % NANOS_PER_MICRO == 0) {
                put(out, at, nanos / NANOS_PER_MICRO, 6);
                at += 6;
            } else {
                put(out, at, nanos, MAX_FRACTION_DIGITS);
                at += MAX_FRACTION_DIGITS;
            }
        }
        out[at++] = 'Z';
        return at;
    }

    /** No {@code @JsonFormat} or configured format for the property: the instants take the one event form. */
    private static boolean isDefault(JsonFormat.Value format) {
        return format == null || JsonFormat.Value.empty().equals(format);
    }

    /** The value of {@code count} ASCII digits from {@code from}, or -1 if one is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void put(char[] out, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Writes the exact form; jsr310's serializer when the instant is outside it or a property asks for a format. */
    static final class Serializer extends StdSerializer<Instant> implements ContextualSerializer {

        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (!provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                char[] text = new char[LONGEST];
                int length = format(value, text);
                if (length >= 0) {
                    generator.writeString(text, 0, length);
                    return;
                }
            }
            InstantSerializer.INSTANCE.serialize(value, generator, provider);
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            JsonFormat.Value format = findFormatOverrides(provider, property, handledType());
            return isDefault(format) ? this : InstantSerializer.INSTANCE.createContextual(provider, property);
        }
    }

    /** Reads the exact form; jsr310's deserializer for anything else, or when a property asks for a format. */
    static final class Deserializer extends StdDeserializer<Instant> implements ContextualDeserializer {

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Instant instant = parse(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonFormat.Value format = findFormatOverrides(context, property, handledType());
            return isDefault(format) ? this : InstantDeserializer.INSTANT.createContextual(context, property);
        }
    }
}
