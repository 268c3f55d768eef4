package io.paperstream.events;

import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives the {@code paperstream.topics.*} names their defaults from {@link TopicNames}, so they are stated once, in
 * Java, for the services' configuration and for code without one. The ordinal of a {@code
 * microprofile-config.properties} file: application.properties and environment variables override it.
 */
public class TopicNamesConfigSource implements ConfigSource {

    private static final int ORDINAL = 100;

    @Override
    public Set<String> getPropertyNames() {
        return TopicNames.SETTINGS.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return TopicNames.SETTINGS.get(propertyName);
    }

    @Override
    public String getName() {
        return "paperstream topic names (io.paperstream.events.TopicNames)";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
