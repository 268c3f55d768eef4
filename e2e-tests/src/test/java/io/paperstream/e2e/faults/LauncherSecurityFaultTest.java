package io.paperstream.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.paperstream.e2e.harness.ProjectLayout;

/**
 * bin/paperstream as another local user sees it (issue 15): {@code up} and {@code ingest} on free ports from a
 * copy of the launcher with its own var/, then src/test/bash/launcher-security.sh checks that no secret is on
 * a command line (the CLI's own while it posts included), nothing under var/ is writable by others, the password files
 * are 0600, and PostgreSQL runs as its own user (not root) on 127.0.0.1 only. It starts the broker, PostgreSQL,
 * ingest and query, so it runs with the fault scenarios (-Pfaults).
 */
class LauncherSecurityFaultTest {

    private static final String SCRIPT = "e2e-tests/src/test/bash/launcher-security.sh";
    /** The launcher's port settings (bin/paperstream help); all get a free port, never the default one. */
    private static final List<String> PORT_SETTINGS = List.of("PAPERSTREAM_KAFKA_PORT",
            "PAPERSTREAM_KAFKA_CONTROLLER_PORT", "PAPERSTREAM_POSTGRES_PORT", "PAPERSTREAM_INGEST_PORT",
            "PAPERSTREAM_ENRICH_PORT", "PAPERSTREAM_QUERY_PORT");

    @Test
    void theLocalStackKeepsItsSecretsAndFilesFromOtherUsers() throws Exception {
        ProjectLayout layout = ProjectLayout.detect();
        Path scratch = layout.workDir().resolve("launcher-security");
        Path log = layout.workDir().resolve("launcher-security.log");
        ProcessBuilder builder = new ProcessBuilder("bash", layout.root().resolve(SCRIPT).toString(),
                layout.root().toString(), scratch.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PAPERSTREAM_") || name.startsWith("QUARKUS_"));
        Set<Integer> taken = new HashSet<>();
        for (String setting : PORT_SETTINGS) {
            environment.put(setting, Integer.toString(freePort(taken)));
        }
        // small heaps: the machine is shared with the rest of the build
        environment.put("PAPERSTREAM_KAFKA_HEAP", "256m");

        int status = builder.start().waitFor();

        String output = Files.readString(log);
        assertThat(output).as("launcher-security.sh output").doesNotContain("FAIL:");
        assertThat(status).as("launcher-security.sh exit status; its output:%n%s", output).isZero();
    }

    private static int freePort(Set<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (taken.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
