package io.paperstream.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import io.paperstream.events.TopicNames;

/**
 * How far each stage has written: the summed end offsets of {@code papers.parsed} (ingest's output) and
 * {@code papers.enriched} (enrich's output). Sampled during the throughput phase beside the catalog size (query's
 * output), they show which stage the backlog piles up in front of.
 */
public final class TopicProgress implements AutoCloseable {

    static final String PARSED = TopicNames.PARSED;
    static final String ENRICHED = TopicNames.ENRICHED;
    private static final long TIMEOUT_SECONDS = 10;

    /** Records written so far to each topic (end offsets summed over partitions). */
    public record Offsets(long parsed, long enriched) {
    }

    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> partitions;

    public TopicProgress(String bootstrapServers) throws InterruptedException, TimeoutException {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(PARSED, ENRICHED)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            this.partitions = topics.values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        } catch (ExecutionException e) {
            admin.close();
            throw new IllegalStateException("cannot describe " + PARSED + " and " + ENRICHED + " (is the stack up?): "
                    + e.getCause(), e);
        }
    }

    public Offsets offsets() throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long parsed = 0;
        long enriched = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            if (end.getKey().topic().equals(PARSED)) {
                parsed += end.getValue().offset();
            } else {
                enriched += end.getValue().offset();
            }
        }
        return new Offsets(parsed, enriched);
    }

    @Override
    public void close() {
        admin.close();
    }
}
