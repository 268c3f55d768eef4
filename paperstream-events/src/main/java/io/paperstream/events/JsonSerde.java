package io.paperstream.events;

import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer, deserializer and serde of one event type, in the {@link EventJson} form. */
public class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventJson.toBytes(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.fromBytes(data, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the JSON form is fixed by EventJson
    }

    @Override
    public void close() {
        // holds no resources
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    /** For the {@code value.serializer}/{@code value.deserializer} settings, which need a no-arg class. */
    public static class PaperParsedSerde extends JsonSerde<PaperParsed> {
        public PaperParsedSerde() {
            super(PaperParsed.class);
        }
    }

    public static class PaperEnrichedSerde extends JsonSerde<PaperEnriched> {
        public PaperEnrichedSerde() {
            super(PaperEnriched.class);
        }
    }

    public static class ThemeDefinitionSerde extends JsonSerde<ThemeDefinition> {
        public ThemeDefinitionSerde() {
            super(ThemeDefinition.class);
        }
    }
}
