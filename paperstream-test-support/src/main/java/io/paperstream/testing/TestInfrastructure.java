package io.paperstream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

/**
 * Where the test broker and database come from: in this JVM ({@code jvm}, the default: no Docker needed) or from
 * Testcontainers ({@code containers}); {@code auto} takes containers when a Docker engine answers. Chosen by
 * {@value #INFRA} (system property, or the environment variable {@code PAPERSTREAM_TEST_INFRA}); the images by
 * {@value #KAFKA_IMAGE} and {@value #POSTGRES_IMAGE}, each declared a compatible substitute for the official
 * image so that locally built ones (bin/build-images) work. Defaults: paperstream-test-infra.properties.
 * <p>
 * What ran is logged and kept as the system property {@value #STARTED}, which the Surefire report lists.
 */
public enum TestInfrastructure {
    JVM, CONTAINERS;

    public static final String INFRA = "paperstream-test.infra";
    public static final String KAFKA_IMAGE = "paperstream-test.kafka-image";
    public static final String POSTGRES_IMAGE = "paperstream-test.postgres-image";
    /** Set by the resources once started: what provides the broker and the database, for the test report. */
    public static final String STARTED = "paperstream-test.infra.started";

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class);
    private static final Properties DEFAULTS = loadDefaults();
    private static TestInfrastructure chosen;

    /** The infrastructure this test JVM uses, decided once. */
    public static synchronized TestInfrastructure chosen() {
        if (chosen == null) {
            String value = setting(INFRA).trim().toLowerCase(Locale.ROOT);
            chosen = switch (value) {
                case "jvm" -> JVM;
                case "containers" -> CONTAINERS;
                case "auto" -> DockerClientFactory.instance().isDockerAvailable() ? CONTAINERS : JVM;
                default -> throw new IllegalArgumentException(INFRA + " is " + value + ": jvm, containers or auto");
            };
        }
        return chosen;
    }

    /** A system property, else its environment variable (dots and dashes as underscores), else the default. */
    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        }
        if (value == null || value.isBlank()) {
            value = DEFAULTS.getProperty(name);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no value for " + name + " in paperstream-test-infra.properties");
        }
        return value;
    }

    /** Records what provides one part of the infrastructure, in the log and in the report's properties. */
    static void started(String part, String how) {
        String line = part + ": " + how;
        LOG.infof("test infrastructure (%s=%s) %s", INFRA, chosen(), line);
        String before = System.getProperty(STARTED);
        System.setProperty(STARTED, before == null ? line : before + "; " + line);
    }

    /** Publishes the container's exposed ports on the loopback interface only, each on a free port. */
    static void publishOnLoopback(GenericContainer<?> container) {
        container.withCreateContainerCmdModifier(command -> {
            List<Integer> ports = container.getExposedPorts();
            command.getHostConfig().withPortBindings(ports.stream()
                    .map(port -> new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(port)))
                    .toList());
        });
    }

    /** Stops a container when the test JVM exits (Ryuk, Testcontainers' reaper, needs an image of its own). */
    static void stopAtExit(GenericContainer<?> container, String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "paperstream-test-" + name + "-stop"));
    }

    private static Properties loadDefaults() {
        Properties properties = new Properties();
        try (InputStream in = TestInfrastructure.class.getResourceAsStream("/paperstream-test-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("paperstream-test-infra.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
