package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 3000000 kB
            VmHWM:\t  262144 kB
            VmRSS:\t  204800 kB
            Threads:\t42
            """;

    @Test
    void readsKilobyteFieldsOfProcStatus() {
        assertThat(ProcessMemory.kilobytes(STATUS, "VmHWM")).isEqualTo(262_144);
        assertThat(ProcessMemory.kilobytes(STATUS, "VmRSS")).isEqualTo(204_800);
        assertThat(ProcessMemory.kilobytes(STATUS, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void takesTheLastStartupOfALog() {
        String log = """
                ===== 2026-11-26 07:00:00: bin/paperstream starts ingest
                INFO  [io.quarkus] ingest-service 1.0.0-SNAPSHOT on JVM (powered by Quarkus 3.33.2) started in 4.210s.
                ===== 2026-11-26 07:10:00: bin/paperstream starts ingest
                INFO  [io.quarkus] ingest-service 1.0.0-SNAPSHOT on JVM (powered by Quarkus 3.33.2) started in 2.5s. Listening on: http://127.0.0.1:8081
                """;

        assertThat(ProcessMemory.lastStartup(log)).hasValue(2.5);
        assertThat(ProcessMemory.lastStartup("no start here")).isEmpty();
    }

    @Test
    void measuresThisJvmThroughAPidFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ingest.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(dir.resolve("query.pid"), "not a pid\n");

        Map<String, ProcessMemory.Usage> usage = ProcessMemory.measure(dir, dir);

        assertThat(usage).containsOnlyKeys("ingest");
        ProcessMemory.Usage ingest = usage.get("ingest");
        assertThat(ingest.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(ingest.peakMb()).isPositive().isGreaterThanOrEqualTo(ingest.currentMb());
        assertThat(ingest.startupSeconds()).isNaN();
    }

    @Test
    void measuresEachInstanceOfAServiceApartWithItsCurrentResidentSet(@TempDir Path dir) throws IOException {
        long self = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("enrich.pid"), self + "\n");
        Files.writeString(dir.resolve("enrich-2.pid"), self + "\n");

        Map<String, ProcessMemory.Usage> usage = ProcessMemory.measure(dir, dir);

        assertThat(usage).containsOnlyKeys("enrich", "enrich-2");
        assertThat(usage.get("enrich-2").currentMb()).isPositive();
    }
}
