package io.paperstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;

class IsoInstantsTest {

    /** The event JSON as it was before IsoInstants: jackson-datatype-jsr310 alone, the reference. */
    private static final ObjectMapper JACKSON = EventJson.configure(new ObjectMapper());
    private static final long SEED = 20261201L;
    private static final int RANDOM_INSTANTS = 20_000;

    @Test
    void writesAndReadsEveryInstantExactlyAsJacksonDoes() throws Exception {
        for (Instant instant : instants()) {
            String jackson = JACKSON.writeValueAsString(instant);
            assertThat(EventJson.mapper().writeValueAsString(instant)).as("%s", instant).isEqualTo(jackson);
            assertThat(EventJson.mapper().readValue(jackson, Instant.class)).isEqualTo(instant);
        }
    }

    @Test
    void theFastPathReadsWhatJacksonWritesInTheYearsItCovers() throws Exception {
        for (Instant instant : instants()) {
            String text = JACKSON.writeValueAsString(instant);
            text = text.substring(1, text.length() - 1);
            if (instant.getEpochSecond() >= Instant.parse("0000-01-01T00:00:00Z").getEpochSecond()
                    && instant.isBefore(Instant.parse("+10000-01-01T00:00:00Z"))) {
                assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
            } else {
                assertThat(IsoInstants.parse(text)).as(text).isNull();
            }
        }
    }

    @Test
    void eventsAreTheSameBytesAsJacksonAloneWrites() throws Exception {
        PaperParsed parsed = new PaperParsed(1, "91f3f793b4903fe6576ae28fa75c3692", "Peak-then-collapse",
                "A summary with \"quotes\", é and a tab\t.", Map.of("guides", 3L), "d-1", "arxiv", 7,
                Instant.parse("2026-11-30T23:12:45.123456Z"));
        PaperEnriched enriched = PaperEnriched.of(parsed,
                List.of(new ThemeTag("reinforcement-learning", "Reinforcement learning", 0.82, List.of("rlvr"))),
                Instant.parse("2026-11-30T23:12:45.200Z"), "2026.11.6");
        for (Object event : List.of(parsed, enriched)) {
            byte[] jackson = JACKSON.writeValueAsBytes(event);
            assertThat(new String(EventJson.toBytes(event), StandardCharsets.UTF_8))
                    .isEqualTo(new String(jackson, StandardCharsets.UTF_8));
            assertThat(EventJson.fromBytes(jackson, event.getClass())).isEqualTo(event);
        }
    }

    @Test
    void oddFormsFallBackToJacksonWithTheSameResult() throws Exception {
        List<String> odd = List.of("\"2026-11-26T10:00:00+01:00\"", "\"2026-11-26T10:00:00.5+00:00\"",
                "\"2026-06-30T23:59:60Z\"", "\"2026-11-26T24:00:00Z\"", "\"2026-02-30T10:00:00Z\"",
                "\"2026-11-26T10:00:00.Z\"", "\"2026-11-26T10:00:00.1234567890Z\"", "\"2026-11-26t10:00:00z\"",
                "\"2026-11-26 10:00:00Z\"", "\" 2026-11-26T10:00:00Z \"", "\"+10000-01-01T00:00:00Z\"",
                "\"-0001-01-01T00:00:00Z\"", "\"1764151200\"", "\"1764151200.5\"", "1764151200", "1764151200.25",
                "\"\"", "\"2026-11-26T10:00Z\"", "\"2026-1x-26T10:00:00Z\"", "\"not an instant\"", "true", "[1]");
        for (String json : odd) {
            Object expected = outcome(JACKSON, json);
            assertThat(outcome(EventJson.mapper(), json)).as(json).isEqualTo(expected);
        }
        assertThat(IsoInstants.parse("2026-11-26T10:00:00+01:00")).isNull();
        assertThat(IsoInstants.parse("2026-02-30T10:00:00Z")).isNull();
        assertThat(IsoInstants.parse("2026-06-30T23:59:60Z")).isNull();
    }

    @Test
    void theEventMapperUsesTheFastPathForTheEventsInstants() throws Exception {
        // without this, a Jackson upgrade that stopped using IsoInstants would go unnoticed: the JSON is the same
        ObjectMapper mapper = EventJson.mapper();
        BeanSerializer serializer = (BeanSerializer) mapper.getSerializerProviderInstance()
                .findValueSerializer(PaperEnriched.class);
        List<Class<?>> instantSerializers = new ArrayList<>();
        serializer.properties().forEachRemaining((PropertyWriter property) -> {
            if (property.getType().getRawClass() == Instant.class) {
                instantSerializers.add(((BeanPropertyWriter) property).getSerializer().getClass());
            }
        });
        assertThat(instantSerializers).containsExactly(IsoInstants.Serializer.class, IsoInstants.Serializer.class);

        DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(mapper.getDeserializationConfig());
        for (Class<?> event : List.of(PaperParsed.class, PaperEnriched.class)) {
            BeanDeserializerBase deserializer = (BeanDeserializerBase) context
                    .findRootValueDeserializer(context.constructType(event));
            assertThat(deserializer.findProperty("ingestedAt").getValueDeserializer())
                    .as(event.getSimpleName()).isInstanceOf(IsoInstants.Deserializer.class);
        }
    }

    /** A type of someone else's that asks for another form: Jackson's own serializer must write it. */
    record Stamped(@JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant at, Instant plain) {
    }

    @Test
    void aPropertyWithItsOwnFormatKeepsJacksonsForm() throws Exception {
        Stamped stamped = new Stamped(Instant.parse("2026-11-30T23:12:45.123Z"), Instant.parse("2026-11-30T23:12:45Z"));
        String jackson = JACKSON.writeValueAsString(stamped);
        assertThat(jackson).contains("\"at\":1796080365.123");
        assertThat(EventJson.mapper().writeValueAsString(stamped)).isEqualTo(jackson);
        assertThat(EventJson.mapper().readValue(jackson, Stamped.class)).isEqualTo(stamped);
    }

    /** The instant a mapper reads from {@code json}, or the class of what it throws. */
    private static Object outcome(ObjectMapper mapper, String json) {
        Throwable thrown = catchThrowable(() -> mapper.readValue(json, Instant.class));
        if (thrown != null) {
            return thrown.getClass();
        }
        try {
            return mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Edges of the fast path, each precision ingest's and enrich's clocks give, and random ones in 0000-9999. */
    private static List<Instant> instants() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-11-30T23:12:45.100Z"),
                Instant.parse("2026-11-30T23:12:45.120Z"), Instant.parse("2026-11-30T23:12:45.000100Z"),
                Instant.parse("2026-11-30T23:12:45.000000001Z"), Instant.MIN, Instant.MAX, Instant.now(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        Random random = new Random(SEED);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < RANDOM_INSTANTS; i++) {
            long second = first + (long) (random.nextDouble() * (last - first));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nanos));
        }
        return instants;
    }
}
