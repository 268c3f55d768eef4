package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    @Test
    void readsTheFieldsAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 3 4 20 0 40 0 1000";

        String[] fields = ProcessCpu.fields(stat);

        assertThat(fields[0]).isEqualTo("S");
        assertThat(fields[1]).isEqualTo("1");
        assertThat(ProcessCpu.ticks(fields, 11, 12)).isEqualTo(325);
        assertThat(ProcessCpu.ticks(fields, 13, 14)).isEqualTo(7);
    }

    @Test
    void samplesThisJvmUnderAPidFileAndAsTheBenchmark(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("enrich.pid"), ProcessHandle.current().pid() + "\n");

        Map<String, Double> seconds = ProcessCpu.sample(dir, dir.resolve("no-postgres"));

        assertThat(seconds).containsOnlyKeys("enrich", "bench", "jit");
        assertThat(seconds.get("enrich")).isGreaterThan(0);
        assertThat(seconds.get("bench")).isGreaterThan(0);
        // this JVM has compiled the test framework by now; its compiler threads are part of its own time
        assertThat(seconds.get("jit")).isGreaterThan(0).isLessThanOrEqualTo(seconds.get("enrich"));
    }

    @Test
    void runningNanosAgreeWithTheTicksOfABusySingleThreadedProcessAndAGoneOneHasNone() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long pid = busy.pid();
            long ticks = 0;
            while (ticks < 30) { // 0.3 s of its CPU, however busy the machine is
                Thread.sleep(50);
                ticks = ProcessCpu.ticks(ProcessCpu.stat(pid), 11, 12);
            }
            long nanos = ProcessCpu.runningNanos(pid);
            long ticksAfter = ProcessCpu.ticks(ProcessCpu.stat(pid), 11, 12);

            // one tick is 10 ms; schedstat was read between the two stat readings
            assertThat(nanos).isBetween((ticks - 2) * 10_000_000L, (ticksAfter + 2) * 10_000_000L);
        } finally {
            busy.destroyForcibly().waitFor();
        }
        long gone = busy.pid();
        assertThatThrownBy(() -> ProcessCpu.runningNanos(gone)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void compilerThreadsAreFoundByNameAndAProcessThatIsNotAJvmHasNone() throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessCpu.compilerThreadTicks(self)).isPositive();
            assertThat(ProcessCpu.compilerThreadTicks(sleeper.pid())).isZero();
            assertThat(ProcessCpu.compilerThreadTicks(Long.MAX_VALUE)).isZero();
        } finally {
            sleeper.destroy();
            sleeper.waitFor();
        }
    }

    @Test
    void samplesEveryInstanceOfAServiceUnderItsOwnName(@TempDir Path dir) throws IOException {
        long self = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("query.pid"), self + "\n");
        Files.writeString(dir.resolve("query-2.pid"), self + "\n");
        Files.writeString(dir.resolve("enrich-b.pid"), self + "\n");
        Files.writeString(dir.resolve("querying.pid"), self + "\n"); // not an instance of query
        Files.writeString(dir.resolve("enrich-3.pid"), "gone\n");

        Map<String, Double> seconds = ProcessCpu.sample(dir, dir.resolve("no-postgres"));

        assertThat(seconds).containsOnlyKeys("query", "query-2", "enrich-b", "bench", "jit");
        assertThat(PidFiles.serviceOf("query-2")).isEqualTo("query");
        assertThat(PidFiles.serviceOf("postgresql")).isEqualTo("postgresql");
    }
}
