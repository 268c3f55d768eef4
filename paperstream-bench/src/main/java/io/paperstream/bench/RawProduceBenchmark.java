package io.paperstream.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.paperstream.client.PaperRecord;
import io.paperstream.events.EventJson;
import io.paperstream.events.PaperParsed;

/**
 * The broker's raw limit: the run's papers as PaperParsed JSON (the bytes ingest would write), sent by one plain
 * producer with ingest's delivery settings (acks=all, idempotent, same linger, batch size and compression) to a
 * scratch topic, which is deleted afterwards.
 */
public final class RawProduceBenchmark {

    static final String TOPIC = "bench.raw-produce";
    private static final short REPLICATION = 1;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final long BUFFER_MEMORY = 32L * 1024 * 1024;
    private static final String SOURCE = "bench";
    static final int WARM_UP_FRACTION = 10;
    /** The broker's name among the stack's pid files. */
    private static final String KAFKA = "kafka";
    private static final long RETRY_MILLIS = 200;

    /**
     * Records per second, the mean size of a record value, and CPU ms per record of the producer (the benchmark
     * process) and of the broker over the timed round.
     */
    public record Result(double recordsPerSecond, int meanValueBytes, Double clientCpuMs, Double brokerCpuMs) {
    }

    private final BenchOptions options;

    public RawProduceBenchmark(BenchOptions options) {
        this.options = options;
    }

    public Result run(List<PaperRecord> papers) throws Exception {
        List<ProducerRecord<String, byte[]>> records = records(papers);
        long bytes = records.stream().mapToLong(record -> record.value().length).sum();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers()))) {
            deleteTopic(admin);
            createTopic(admin);
            try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                    new ByteArraySerializer())) {
                // a first short round: connections, metadata and the producer id are not part of the limit
                send(producer, records.subList(0, Math.max(1, records.size() / WARM_UP_FRACTION)));
                Map<String, Double> cpuBefore = ProcessCpu.sample(options.runDir(), options.postgresData());
                double perSecond = send(producer, records);
                Map<String, Double> cpuAfter = ProcessCpu.sample(options.runDir(), options.postgresData());
                return new Result(perSecond, (int) (bytes / records.size()),
                        RawCosts.perRecord(cpuBefore, cpuAfter, ProcessCpu.BENCH, records.size()),
                        RawCosts.perRecord(cpuBefore, cpuAfter, KAFKA, records.size()));
            } finally {
                deleteTopic(admin);
            }
        }
    }

    /** The events serialized up front: what is measured is the client and the broker, not Jackson. */
    private static List<ProducerRecord<String, byte[]>> records(List<PaperRecord> papers) {
        String digestId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(papers.size());
        for (int i = 0; i < papers.size(); i++) {
            PaperRecord paper = papers.get(i);
            PaperParsed event = new PaperParsed(PaperParsed.SCHEMA_VERSION, paper.expectedId(), paper.title(),
                    paper.summary(), Map.of(), digestId, SOURCE, 3 * i + 1, now);
            records.add(new ProducerRecord<>(TOPIC, event.id(), EventJson.toBytes(event)));
        }
        return records;
    }

    /** Sends every record and waits for every acknowledgement; records per second. */
    private static double send(Producer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (ProducerRecord<String, byte[]> record : records) {
            producer.send(record, (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                }
            });
        }
        producer.flush();
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("the raw producer failed: " + failure.get(), failure.get());
        }
        return records.size() / (elapsed / 1e9);
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "paperstream-bench",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, options.producerLingerMs(),
                ProducerConfig.BATCH_SIZE_CONFIG, options.producerBatchSize(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, options.producerCompression(),
                ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
    }

    /** Deletion completes asynchronously: a topic just deleted may still be in the way for a moment. */
    private void createTopic(Admin admin) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, options.partitions(), REPLICATION)))
                        .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot create the scratch topic " + TOPIC + ": " + e.getCause(), e);
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private static void deleteTopic(Admin admin) throws InterruptedException, TimeoutException {
        try {
            admin.deleteTopics(List.of(TOPIC)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("cannot delete the scratch topic " + TOPIC + ": " + e.getCause(), e);
            }
        }
    }
}
