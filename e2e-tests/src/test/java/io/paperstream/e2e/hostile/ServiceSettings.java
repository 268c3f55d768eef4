package io.paperstream.e2e.hostile;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paperstream.e2e.harness.PipelineHarness;
import io.paperstream.e2e.harness.ProjectLayout;
import io.paperstream.events.PaperLimits;

/**
 * The settings the services run with here (the harness overrides none of these): their own
 * {@code application.properties}, and the paper limits stated once in paperstream-events. Expected bounds are read
 * from there, never repeated in the tests.
 */
final class ServiceSettings {

    /** Where {@code paperstream.limits.*} is stated once (see PaperLimits). */
    static final String LIMITS_FILE = "paperstream-events/src/main/resources/META-INF/microprofile-config.properties";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)}");

    private final ProjectLayout layout;

    ServiceSettings(ProjectLayout layout) {
        this.layout = layout;
    }

    String property(String service, String key) {
        return optional(service, key).orElseThrow(() -> new IllegalStateException(service + " has no " + key
                + " in " + layout.serviceProperties(service)));
    }

    int intProperty(String service, String key) {
        return Integer.parseInt(property(service, key).strip());
    }

    Optional<String> optional(String service, String key) {
        Properties properties = load(layout.serviceProperties(service));
        return Optional.ofNullable(properties.getProperty(key)).map(value -> resolve(properties, value));
    }

    /** The limits ingest applies: the shared defaults, with any {@code paperstream.limits.*} ingest overrides. */
    PaperLimits ingestLimits() {
        Properties shared = load(layout.root().resolve(LIMITS_FILE));
        Properties ingest = load(layout.serviceProperties(PipelineHarness.INGEST));
        shared.putAll(ingest);
        return new PaperLimits(
                Integer.parseInt(limit(shared, "max-title-length")),
                Integer.parseInt(limit(shared, "max-summary-length")),
                Integer.parseInt(limit(shared, "max-source-length")),
                Integer.parseInt(limit(shared, "max-related-lines")),
                Long.parseLong(limit(shared, "max-related-count")),
                Integer.parseInt(limit(shared, "max-record-bytes")));
    }

    private static String limit(Properties properties, String name) {
        String value = properties.getProperty("paperstream.limits." + name);
        if (value == null) {
            throw new IllegalStateException("paperstream.limits." + name + " is not configured in " + LIMITS_FILE);
        }
        return value.strip();
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String resolve(Properties properties, String value) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String target = properties.getProperty(reference.group(1));
            reference.appendReplacement(resolved, Matcher.quoteReplacement(target == null ? reference.group()
                    : resolve(properties, target)));
        }
        reference.appendTail(resolved);
        return resolved.toString();
    }
}
