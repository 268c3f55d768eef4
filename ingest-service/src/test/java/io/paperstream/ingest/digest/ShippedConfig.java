package io.paperstream.ingest.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;

import io.paperstream.events.PaperLimits;

/**
 * The configuration as shipped, read from the files on the classpath (not repeated as constants): the shared
 * {@code paperstream.limits.*} of paperstream-events and ingest's own application.properties.
 */
public final class ShippedConfig {

    private ShippedConfig() {
    }

    /** The properties file on the classpath that states the shared paper limits. */
    public static Properties sharedLimits() {
        return PaperLimits.shippedProperties();
    }

    public static PaperLimits paperLimits() {
        return PaperLimits.shipped();
    }

    /** A key of ingest's application.properties (the default profile's value). */
    public static String ingest(String key) {
        String value = load(ShippedConfig.class.getClassLoader().getResource("application.properties"))
                .getProperty(key);
        if (value == null) {
            throw new AssertionError(key + " is not in application.properties");
        }
        return value;
    }

    public static DigestLimits digestLimits() {
        return new DigestLimits(paperLimits(), Integer.parseInt(ingest("paperstream.ingest.max-dead-letter-text-length")),
                Integer.parseInt(ingest("paperstream.ingest.max-records-per-digest")));
    }

    private static Properties load(URL url) {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
