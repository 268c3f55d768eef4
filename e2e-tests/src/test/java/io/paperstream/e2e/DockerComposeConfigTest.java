package io.paperstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.paperstream.e2e.harness.ProjectLayout;

/**
 * docker-compose.yml is only exercised on machines with Docker; this keeps it honest everywhere else by
 * checking it against the services' own configuration: service names, ports, the topics the
 * {@code kafka-topics} job creates (including one per theme of enrich's default taxonomy) and the
 * environment variables, each of which must map to a property the service really reads.
 */
class DockerComposeConfigTest {

    private static final List<String> PIPELINE_SERVICES = List.of("ingest-service", "enrich-service", "query-service");

    private static final Set<String> FIXED_TOPICS =
            Set.of("papers.parsed", "papers.enriched", "papers.dead-letter", "taxonomy.themes");
    private static final Set<String> COMPACTED_TOPICS = Set.of("papers.parsed", "papers.enriched", "taxonomy.themes");

    /** Quarkus' own properties the compose file may set without the service declaring them. */
    private static final Set<String> QUARKUS_STANDARD_PROPERTIES = Set.of(
            "quarkus.http.host", "quarkus.http.port",
            "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password");

    /** What each service cannot run without, by the contracts in HELPERS.md. */
    private static final Map<String, Set<String>> REQUIRED_ENVIRONMENT = Map.of(
            "ingest-service", Set.of("KAFKA_BOOTSTRAP_SERVERS", "PAPERSTREAM_INGEST_TOKEN", "QUARKUS_HTTP_HOST"),
            "enrich-service", Set.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_STREAMS_STATE_DIR", "QUARKUS_HTTP_HOST"),
            "query-service", Set.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL",
                    "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_HTTP_HOST"));

    /** A published port: loopback only, its host port a variable with a default, {@code 127.0.0.1:${X:-1}:2}. */
    private static final Pattern PUBLISHED_PORT = Pattern.compile("127\\.0\\.0\\.1:\\$\\{([A-Z_]+):-(\\d+)}:(\\d+)");

    /** {@code #some.property=} on a line of its own: declared and documented, no value in the file. */
    private static final Pattern COMMENTED_PROPERTY =
            Pattern.compile("^#\\s*(?:%[a-z]+\\.)?([a-z][a-z0-9.-]*[a-z0-9])\\s*=", Pattern.MULTILINE);

    private static ProjectLayout layout;
    private static Map<String, Object> services;

    @BeforeAll
    static void readCompose() throws IOException {
        layout = ProjectLayout.detect();
        try (Reader reader = Files.newBufferedReader(layout.dockerCompose())) {
            // SnakeYAML resolves the file's anchors and "<<" merge keys as Docker Compose does
            Map<String, Object> compose = new Yaml().load(reader);
            services = map(compose.get("services"), "services");
        }
    }

    @Test
    void hasTheBrokerTheDatabaseAndTheThreeServices() {
        assertThat(services.keySet()).contains("kafka", "postgres", "ingest-service", "enrich-service",
                "query-service");
        assertThat(services.keySet()).allMatch(name -> Set.of("kafka", "kafka-topics", "postgres",
                "ingest-service", "enrich-service", "query-service").contains(name), "known services only");
    }

    @Test
    void eachServicePublishesTheHttpPortOfItsOwnConfiguration() throws IOException {
        for (String service : PIPELINE_SERVICES) {
            int port = httpPort(properties(service), service);
            Map<String, Object> definition = map(services.get(service), service);
            assertThat(list(definition.get("ports"), service + ".ports")).as(service + " ports")
                    .map(String::valueOf).singleElement().satisfies(published -> {
                        Matcher mapping = PUBLISHED_PORT.matcher(published);
                        assertThat(mapping.matches()).as(published + " is 127.0.0.1:${VARIABLE:-port}:port").isTrue();
                        assertThat(mapping.group(2)).as(published + " host port default").isEqualTo(port + "");
                        assertThat(mapping.group(3)).as(published + " container port").isEqualTo(port + "");
                    });
            assertThat(environment(service)).as(service + " environment")
                    .containsEntry("QUARKUS_HTTP_PORT", Integer.toString(port));
            assertThat(String.valueOf(map(definition.get("healthcheck"), service + ".healthcheck").get("test")))
                    .as(service + " healthcheck").contains("localhost:" + port + "/q/health/ready");
            Path dockerfile = layout.root().resolve(service)
                    .resolve(String.valueOf(map(definition.get("build"), service + ".build").get("dockerfile")));
            assertThat(Files.readString(dockerfile)).as(dockerfile.toString()).contains("EXPOSE " + port);
        }
    }

    @Test
    void everyPortIsPublishedOnLoopbackOnly() {
        services.forEach((name, definition) -> {
            Object ports = map(definition, name).get("ports");
            if (ports != null) {
                assertThat(list(ports, name + ".ports")).as(name + " ports").map(String::valueOf)
                        .allMatch(published -> PUBLISHED_PORT.matcher(published).matches());
            }
        });
    }

    /**
     * The broker and database images are the official ones by default, the broker at the version the build uses,
     * and a variable names another (CI's images built offline by bin/build-images).
     */
    @Test
    void brokerAndDatabaseImagesAreOfficialByDefaultAndTakenFromVariables() throws IOException {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(Files.readString(layout.root().resolve("pom.xml")));
        assertThat(version.find()).as("<kafka.version> in pom.xml").isTrue();
        String kafkaImage = "${KAFKA_IMAGE:-apache/kafka:" + version.group(1) + "}";
        assertThat(map(services.get("kafka"), "kafka").get("image")).as("kafka image").isEqualTo(kafkaImage);
        assertThat(map(services.get("kafka-topics"), "kafka-topics").get("image")).as("kafka-topics image")
                .isEqualTo(kafkaImage);
        assertThat(String.valueOf(map(services.get("postgres"), "postgres").get("image"))).as("postgres image")
                .matches("\\$\\{POSTGRES_IMAGE:-postgres:\\d+}");
    }

    @Test
    void topicsJobCreatesEveryPipelineTopicAndOneTopicPerThemeOfTheDefaultTaxonomy() throws IOException {
        Set<String> expected = new TreeSet<>(FIXED_TOPICS);
        defaultTaxonomySlugs().forEach(slug -> expected.add("themes." + slug));

        Map<String, String> created = createdTopics();

        assertThat(created.keySet()).as("topics created by the kafka-topics service")
                .containsExactlyInAnyOrderElementsOf(expected);
        for (String topic : COMPACTED_TOPICS) {
            assertThat(created.get(topic)).as(topic + " options").contains("cleanup.policy=compact");
        }
    }

    @Test
    void everyEnvironmentVariableMapsToAPropertyOfThatService() throws IOException {
        for (String service : PIPELINE_SERVICES) {
            Set<String> known = knownEnvironmentNames(service);
            Set<String> unknown = new TreeSet<>(environment(service).keySet());
            unknown.removeAll(known);
            assertThat(unknown).as("%s: environment variables in docker-compose.yml that map to no property of"
                    + " %s/src/main/resources/application.properties nor to a standard Quarkus property (known: %s)",
                    service, service, known).isEmpty();
        }
    }

    @Test
    void eachServiceGetsTheSettingsItCannotRunWithout() {
        REQUIRED_ENVIRONMENT.forEach((service, names) -> assertThat(environment(service).keySet())
                .as(service + " environment").containsAll(names));
        assertThat(environment("enrich-service").get("KAFKA_STREAMS_STATE_DIR")).as("enrich state dir")
                .isNotBlank();
        assertThat(list(map(services.get("enrich-service"), "enrich-service").get("volumes"), "volumes"))
                .as("enrich keeps its Kafka Streams state in a volume")
                .anyMatch(volume -> String.valueOf(volume)
                        .endsWith(":" + environment("enrich-service").get("KAFKA_STREAMS_STATE_DIR")));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Topic name to the rest of its {@code create} line, from the kafka-topics job's script. */
    private static Map<String, String> createdTopics() {
        Map<String, Object> job = map(services.get("kafka-topics"), "kafka-topics");
        Object command = job.get("command");
        String script = command instanceof List<?> parts ? String.join("\n", parts.stream().map(String::valueOf)
                .toList()) : String.valueOf(command);
        script = script.replace("\\\n", " ");

        List<String> loopSlugs = new ArrayList<>();
        Matcher loop = Pattern.compile("for\\s+slug\\s+in\\s+([^;]*);\\s*do").matcher(script);
        if (loop.find()) {
            loopSlugs.addAll(List.of(loop.group(1).trim().split("\\s+")));
        }
        Map<String, String> topics = new LinkedHashMap<>();
        Matcher create = Pattern.compile("--topic\\s+\"?([^\"\\s]+)\"?([^\\n]*)").matcher(script);
        while (create.find()) {
            String name = create.group(1);
            String options = create.group(2);
            if (name.contains("$$slug") || name.contains("${slug}") || name.contains("$slug")) {
                for (String slug : loopSlugs) {
                    topics.put(name.replaceAll("\\$\\$slug|\\$\\{slug}|\\$slug", slug), options);
                }
            } else {
                topics.put(name, options);
            }
        }
        return topics;
    }

    private static Set<String> defaultTaxonomySlugs() throws IOException {
        Path taxonomy = layout.serviceResource("enrich-service", "taxonomy/default.yaml");
        try (Reader reader = Files.newBufferedReader(taxonomy)) {
            Map<String, Object> document = new Yaml().load(reader);
            Set<String> slugs = new LinkedHashSet<>();
            for (Object theme : list(document.get("themes"), "themes")) {
                slugs.add(String.valueOf(map(theme, "theme").get("slug")));
            }
            assertThat(slugs).as("slugs of " + taxonomy).isNotEmpty();
            return slugs;
        }
    }

    /**
     * Environment variable names that reach this service's configuration: every property of its
     * application.properties (profile prefix removed) under Quarkus' env-var mapping, including properties
     * declared there commented out (a secret such as the ingest token is documented but has no value in the
     * file), every variable its values reference as {@code ${NAME}}, and Quarkus' standard properties.
     */
    private static Set<String> knownEnvironmentNames(String service) throws IOException {
        Properties properties = properties(service);
        Set<String> names = new TreeSet<>();
        Matcher declared = COMMENTED_PROPERTY.matcher(Files.readString(layout.serviceProperties(service)));
        while (declared.find()) {
            names.add(environmentName(declared.group(1)));
        }
        Pattern reference = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");
        for (String key : properties.stringPropertyNames()) {
            names.add(environmentName(key.replaceFirst("^%[^.]+\\.", "")));
            Matcher referenced = reference.matcher(properties.getProperty(key));
            while (referenced.find()) {
                names.add(environmentName(referenced.group(1)));
            }
        }
        QUARKUS_STANDARD_PROPERTIES.forEach(p -> names.add(environmentName(p)));
        return names;
    }

    /** Quarkus/MicroProfile Config: every character that is not a letter or digit becomes '_', upper case. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static int httpPort(Properties properties, String service) {
        String value = properties.getProperty("quarkus.http.port");
        assertThat(value).as(service + " quarkus.http.port").isNotNull();
        Matcher number = Pattern.compile("(\\d+)\\}?$").matcher(value.trim());
        assertThat(number.find()).as(service + " quarkus.http.port is a number: " + value).isTrue();
        return Integer.parseInt(number.group(1));
    }

    private static Properties properties(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(layout.serviceProperties(service))) {
            properties.load(reader);
        }
        return properties;
    }

    private static Map<String, String> environment(String service) {
        Object environment = map(services.get(service), service).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> variables.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (environment instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] pair = String.valueOf(entry).split("=", 2);
                variables.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        assertThat(node).as(what + " is a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    /** A YAML sequence, its items as strings (ports, volumes) or as they are (mappings). */
    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String what) {
        assertThat(node).as(what + " is a list").isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
