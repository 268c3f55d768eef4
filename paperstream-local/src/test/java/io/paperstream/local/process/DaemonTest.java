package io.paperstream.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon is found again through its pid file only while the pid still carries its markers. */
class DaemonTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(5), warnings::add);
        }
    }

    private Daemon daemon(String home) {
        return new Daemon("sleeper", dir.resolve("run"), dir.resolve("log"),
                List.of(new ProcessMarker("test-daemon.process", "sleeper"),
                        new ProcessMarker("test-daemon.home", home)));
    }

    @Test
    void findsTheProcessItStartedAndStopsIt() {
        daemon = daemon(dir.toString());
        // bash takes the markers as its $0 and $1 (it stays, no exec): they stand on its command line like -D options
        List<String> command = new ArrayList<>(List.of("bash", "-c", "echo started; sleep 60; true"));
        command.addAll(daemon.markerArguments());

        long pid = daemon.start(command, Map.of(), "the test");

        assertThat(daemon.running()).map(ProcessHandle::pid).contains(pid);
        Readiness.await("sleeper", () -> daemon.logSinceStart().contains("started"), () -> true, Duration.ofSeconds(30),
                () -> "");
        assertThat(daemon.stop(Duration.ofSeconds(5), warnings::add)).contains(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(daemon.pidFile()).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aPidWithoutTheMarkersIsNotOurs() throws IOException {
        daemon = daemon(dir.toString());
        Files.createDirectories(daemon.pidFile().getParent());
        // this test JVM: alive, but not started as the daemon
        Files.writeString(daemon.pidFile(), ProcessHandle.current().pid() + "\n");

        assertThat(daemon.running()).isEmpty();
        assertThat(daemon.recordedPid()).contains(ProcessHandle.current().pid());
        assertThat(daemon.stop(Duration.ofSeconds(1), warnings::add)).isEmpty();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(daemon.pidFile()).doesNotExist();
    }

    @Test
    void anotherCheckoutsProcessOfTheSameNameIsNotOursAndStaysRecorded() {
        Daemon other = daemon("/some/other/checkout");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "sleep 60; true"));
        command.addAll(other.markerArguments());
        long pid = other.start(command, Map.of(), "the test");
        try {
            daemon = daemon(dir.toString());

            assertThat(daemon.recordedPid()).contains(pid);
            assertThat(daemon.running()).isEmpty();
            assertThat(daemon.runningElsewhere()).map(ProcessHandle::pid).contains(pid);
            assertThat(other.runningElsewhere()).isEmpty();
            // a stop from this checkout leaves it running AND recorded, so that its own checkout still stops it
            assertThat(daemon.stop(Duration.ofSeconds(1), warnings::add)).isEmpty();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
            assertThat(other.running()).map(ProcessHandle::pid).contains(pid);
            assertThat(warnings).singleElement().asString().contains("sleeper (pid " + pid + ")", "not stopped");
        } finally {
            other.stop(Duration.ofSeconds(5), warnings::add);
        }
    }
}
