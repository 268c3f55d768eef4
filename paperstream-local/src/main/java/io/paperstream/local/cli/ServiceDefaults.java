package io.paperstream.local.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' own defaults, read from their {@code application.properties} in this checkout (the files their
 * jars are built from), so that ports, application ids and consumer groups are stated there once and the CLI
 * starts the broker and database where the services (and dev mode) look for them.
 * <p>
 * A value is looked up as MicroProfile Config would for the packaged service in its default profile: the
 * environment variable of the property's name first ({@code paperstream.query.consumer-group} →
 * {@code PAPERSTREAM_QUERY_CONSUMER_GROUP}), then the file; {@code ${other.key}} expressions are resolved the same
 * way. So an application id changed by environment variable reaches the CLI as it reaches the service.
 */
final class ServiceDefaults {

    static final String INGEST = "ingest-service";
    static final String ENRICH = "enrich-service";
    static final String QUERY = "query-service";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)}");
    private static final int MAX_DEPTH = 10;

    private final Map<String, Properties> files = new HashMap<>();
    private final Path root;
    private final Map<String, String> env;

    ServiceDefaults(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    /** A property of one service, with environment variables and expressions applied. */
    String value(String service, String key) {
        return value(service, key, 0);
    }

    /**
     * A port in the file as written: not from the environment, where {@code QUARKUS_HTTP_PORT} would name one
     * port for all three services (the CLI gives each its own {@code PAPERSTREAM_*_PORT}).
     */
    int port(String service, String key) {
        String value = fileValue(service, key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CliException(key + "=" + value + " in " + file(service) + " is not a port");
        }
    }

    /** The port of a {@code host:port} (first of a list) or of a {@code jdbc:} URL, in the file as written. */
    int portOfAddress(String service, String key) {
        return URI.create(addressAsUri(fileValue(service, key))).getPort();
    }

    /** The database of a {@code jdbc:postgresql://host:port/db} URL, in the file as written. */
    String databaseOf(String service, String key) {
        String path = URI.create(addressAsUri(fileValue(service, key))).getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static String addressAsUri(String address) {
        String first = address.split(",")[0].trim();
        return first.startsWith("jdbc:") ? first.substring("jdbc:".length()) : "tcp://" + first;
    }

    private String value(String service, String key, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CliException("the expressions of " + key + " in " + file(service) + " do not end");
        }
        String fromEnv = env.get(environmentName(key));
        String raw = fromEnv != null && !fromEnv.isEmpty() ? fromEnv : fileValue(service, key);
        Matcher matcher = EXPRESSION.matcher(raw);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value(service, matcher.group(1), depth + 1)));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private String fileValue(String service, String key) {
        String value = properties(service).getProperty(key);
        if (value == null) {
            throw new CliException(file(service) + " has no " + key);
        }
        return value;
    }

    /** MicroProfile Config's environment variable for a property: non-alphanumerics to _, upper case. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private Path file(String service) {
        return root.resolve(service).resolve("src/main/resources/application.properties");
    }

    private Properties properties(String service) {
        return files.computeIfAbsent(service, name -> {
            Path file = file(name);
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new CliException("cannot read the defaults of " + name + " from " + file + ": " + e.getMessage());
            }
            return properties;
        });
    }
}
