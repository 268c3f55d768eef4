package io.paperstream.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the things the end-to-end tests need live in the checkout: the packaged services, the broker's
 * class path copied by {@code paperstream-local}, the seed and the shared real data.
 */
public record ProjectLayout(Path root) {

    /** Set by the module's surefire configuration; the working directory's parent otherwise. */
    public static final String ROOT_PROPERTY = "paperstream.root";

    public static final String SEED_DIGEST = "seeds/000_cb297068b36b3f4f.txt";
    /** Real data is shared between checkouts and never copied into the repository. */
    public static final String REAL_DIGEST_5K = "../shared/data/arxiv-digest-5k.txt";
    /** {@code -De2e.synthetic-only=true}: behave as on a machine without the real data (generated papers). */
    public static final String SYNTHETIC_ONLY_PROPERTY = "e2e.synthetic-only";

    public static ProjectLayout detect() {
        String configured = System.getProperty(ROOT_PROPERTY);
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("e2e-tests"))) {
            throw new IllegalStateException("not the Paperstream repository root: " + root
                    + " (set -D" + ROOT_PROPERTY + "=<repository root>)");
        }
        return new ProjectLayout(root);
    }

    public Path serviceJar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public Path serviceProperties(String service) {
        return root.resolve(service).resolve("src/main/resources/application.properties");
    }

    public Path serviceResource(String service, String resource) {
        return root.resolve(service).resolve("src/main/resources").resolve(resource);
    }

    /** Kafka's jars, copied by {@code paperstream-local} at package. */
    public Path brokerLib() {
        return root.resolve("paperstream-local/target/lib");
    }

    /** Holds the broker's log4j2.xml. */
    public Path brokerClasses() {
        return root.resolve("paperstream-local/target/classes");
    }

    /** Everything the tests write: logs, broker data, Kafka Streams state. */
    public Path workDir() {
        return root.resolve("e2e-tests/target");
    }

    public Path seedDigest() {
        return root.resolve(SEED_DIGEST);
    }

    public Optional<Path> realDigest5k() {
        if (Boolean.getBoolean(SYNTHETIC_ONLY_PROPERTY)) {
            return Optional.empty();
        }
        Path path = root.resolve(REAL_DIGEST_5K).normalize();
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    public Path dockerCompose() {
        return root.resolve("docker-compose.yml");
    }
}
