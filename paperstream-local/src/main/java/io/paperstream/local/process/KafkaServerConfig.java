package io.paperstream.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server.properties of a single-node KRaft broker (broker and controller in one process) on the loopback,
 * and the formatting of its storage: the same broker for the local stack and the end-to-end tests.
 *
 * @param internalTopicPartitions partitions of the offsets and transaction state topics; 0: the broker's defaults
 */
public record KafkaServerConfig(int port, int controllerPort, Path dataDir, int partitions,
        int internalTopicPartitions) {

    public static final String HOST = "127.0.0.1";
    /** The line the broker logs once it serves. */
    public static final String STARTED_LINE = "Kafka Server started";
    private static final long FORMAT_TIMEOUT_SECONDS = 120;

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public String text(String writer) {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by " + writer + " at each start: a single-node KRaft broker (broker and controller in one"
                        + " process).",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=" + partitions,
                "# one broker: every internal topic has one replica",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "# a killed producer's open transaction holds back read_committed readers until it is aborted: look"
                        + " for timed-out",
                "# transactions every second (default 10 s), so a kill -9 of enrich delays readers by its"
                        + " transaction timeout, not more",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                "# the services create their topics with the partitions and cleanup policy they need",
                "auto.create.topics.enable=false"));
        if (internalTopicPartitions > 0) {
            lines.add("offsets.topic.num.partitions=" + internalTopicPartitions);
            lines.add("transaction.state.log.num.partitions=" + internalTopicPartitions);
        }
        return String.join("\n", lines) + "\n";
    }

    public void write(Path file, String writer) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text(writer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Formats the storage when it is new ({@code --ignore-formatted}: a no-op on restarts), with Kafka's
     * StorageTool run from {@code classPath} as its own JVM, its output appended to {@code log}.
     */
    public void format(Path propertiesFile, String clusterId, String classPath, List<String> jvmOptions, Path log) {
        List<String> command = new ArrayList<>(List.of(ProcessStarter.javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                propertiesFile.toString(), "-g"));
        Process format = ProcessStarter.start(command, java.util.Map.of(), log, false);
        try {
            if (!format.waitFor(FORMAT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the broker storage timed out; log:\n"
                        + LogFile.tail(log, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker storage failed; log:\n" + LogFile.tail(log, 40));
        }
    }
}
