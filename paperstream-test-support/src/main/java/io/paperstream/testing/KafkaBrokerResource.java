package io.paperstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.quarkus.test.kafka.InjectKafkaCompanion;

/**
 * A real single-node KRaft broker for integration tests, started once per test JVM on a free loopback port
 * and shared by every test class (restarting Quarkus between classes does not restart it): in this JVM, or a
 * container when {@link TestInfrastructure} says so.
 * <p>
 * Set {@code PAPERSTREAM_TEST_KAFKA_BOOTSTRAP} to use a broker that is already running instead.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String EXTERNAL_BOOTSTRAP_ENV = "PAPERSTREAM_TEST_KAFKA_BOOTSTRAP";

    /** The test broker's settings beyond a single node's, the same in-JVM and in a container. */
    private static final Map<String, String> BROKER_SETTINGS = Map.of(
            "num.partitions", "3",
            "auto.create.topics.enable", "true",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            // as in the local run: a killed transactional producer stops blocking readers sooner
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

    private static EmbeddedKafkaBroker broker;
    private static String bootstrapServers;
    private KafkaCompanion companion;

    /** The bootstrap servers of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String external = System.getenv(EXTERNAL_BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            bootstrapServers = external;
            return bootstrapServers;
        }
        if (TestInfrastructure.chosen() == TestInfrastructure.CONTAINERS) {
            bootstrapServers = startContainer();
            return bootstrapServers;
        }
        try {
            Path logDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "paperstream-kafka-");
            broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(props -> {
                        props.put("log.dirs", logDir.toString());
                        props.putAll(BROKER_SETTINGS);
                    })
                    .start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test Kafka broker", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "paperstream-test-kafka-stop"));
        bootstrapServers = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
        TestInfrastructure.started("broker", "in-JVM KRaft broker at " + bootstrapServers);
        return bootstrapServers;
    }

    /** A KRaft broker from Testcontainers, configured like the in-JVM one through the image's KAFKA_* variables. */
    private static String startContainer() {
        String image = TestInfrastructure.setting(TestInfrastructure.KAFKA_IMAGE);
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor(
                "apache/kafka"));
        BROKER_SETTINGS.forEach((name, value) -> container.withEnv(
                "KAFKA_" + name.replace('.', '_').toUpperCase(Locale.ROOT), value));
        TestInfrastructure.publishOnLoopback(container);
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the test Kafka broker from image " + image
                    + " (set " + TestInfrastructure.INFRA + "=jvm to use the in-JVM one)", e);
        }
        TestInfrastructure.stopAtExit(container, "kafka");
        String servers = container.getBootstrapServers();
        TestInfrastructure.started("broker", "Testcontainers " + image + " at " + servers);
        return servers;
    }

    @Override
    public Map<String, String> start() {
        String servers = bootstrapServers();
        companion = new KafkaCompanion(servers);
        return Map.of(
                "kafka.bootstrap.servers", servers,
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.kafka-streams.bootstrap-servers", servers);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(companion,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
        }
        // the broker lives until the JVM exits, so the next test class reuses it
    }
}
