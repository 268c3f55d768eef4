package io.paperstream.enrich.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives each test JVM its own Kafka Streams state directory: the test broker is new in every JVM, and local state
 * left by an earlier run would describe topics that no longer exist.
 */
public class StreamsStateDirResource implements QuarkusTestResourceLifecycleManager {

    private static final Path STATE_DIR = Path.of("target", "enrich-state", UUID.randomUUID().toString());

    @Override
    public Map<String, String> start() {
        return Map.of("kafka-streams.state.dir", STATE_DIR.toString());
    }

    @Override
    public void stop() {
        // kept for inspection after a failed run; target/ is cleaned by the build
    }
}
