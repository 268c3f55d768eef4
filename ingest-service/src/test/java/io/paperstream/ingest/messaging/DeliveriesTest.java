package io.paperstream.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.paperstream.events.TopicNames;

/**
 * The all-or-nothing wait on a unit of sends. Kafka's own MockProducer plays the broker here, to control
 * exactly which acknowledgement comes when; the real broker is exercised by the integration tests.
 */
class DeliveriesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void returnsOnceEveryRecordIsAcknowledged() throws Exception {
        Deliveries deliveries = new Deliveries(producer);
        for (int i = 0; i < 3; i++) {
            deliveries.send(record(i));
        }
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> deliveries.awaitAll(LONG));
        producer.completeNext();
        producer.completeNext();
        assertThat(waiting).isNotDone();

        producer.completeNext();

        waiting.get(30, TimeUnit.SECONDS);
        assertThat(deliveries.sent()).isEqualTo(3);
    }

    @Test
    void anEmptyUnitIsDoneAtOnce() {
        new Deliveries(producer).awaitAll(Duration.ZERO.plusMillis(1));
    }

    @Test
    void failsAtTheFirstFailedRecordWithoutWaitingForTheOthers() {
        Deliveries deliveries = new Deliveries(producer);
        deliveries.send(record(1));
        deliveries.send(record(2));
        producer.errorNext(new NotEnoughReplicasException("only 0 in sync"));

        assertThatThrownBy(() -> deliveries.awaitAll(LONG))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("NotEnoughReplicasException");
    }

    @Test
    void refusesMoreRecordsAfterAFailure() {
        Deliveries deliveries = new Deliveries(producer);
        deliveries.send(record(1));
        producer.errorNext(new TimeoutException("metadata not available"));

        assertThatThrownBy(() -> deliveries.send(record(2))).isInstanceOf(BrokerUnavailableException.class);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void recordsNeverAcknowledgedEndInATimeout() {
        Deliveries deliveries = new Deliveries(producer);
        deliveries.send(record(1));

        assertThatThrownBy(() -> deliveries.awaitAll(Duration.ofMillis(50)))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("did not acknowledge 1 of 1 records");
    }

    @Test
    void aClosedProducerIsUnavailable() {
        producer.close();

        assertThatThrownBy(() -> new Deliveries(producer).send(record(1)))
                .isInstanceOf(BrokerUnavailableException.class);
    }

    @Test
    void aRecordRefusedForWhatItIsIsNamedAndNotCalledUnavailable() {
        Deliveries deliveries = new Deliveries(producer);
        deliveries.send(record(1), 4, "the paper on line 4");
        deliveries.send(record(2), 9, "the paper on line 9");
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("the message is 1100000 bytes"));

        assertThatThrownBy(() -> deliveries.awaitAll(LONG))
                .isInstanceOfSatisfying(RecordRefusedException.class, e -> {
                    assertThat(e.line()).isEqualTo(9);
                    assertThat(e.record()).isEqualTo("the paper on line 9");
                })
                .hasMessageContaining("RecordTooLargeException");
    }

    @Test
    void onlyErrorsNoRetryCanMendAreReportedAsFatal() {
        List<Throwable> fatal = new ArrayList<>();
        Deliveries retriable = new Deliveries(producer, fatal::add);
        retriable.send(record(1));
        producer.errorNext(new NotEnoughReplicasException("only 0 in sync"));
        Deliveries fenced = new Deliveries(producer, fatal::add);
        fenced.send(record(2));
        ProducerFencedException fencing = new ProducerFencedException("another producer took over");
        producer.errorNext(fencing);

        assertThatThrownBy(() -> retriable.awaitAll(LONG)).isInstanceOf(BrokerUnavailableException.class);
        assertThatThrownBy(() -> fenced.awaitAll(LONG)).isInstanceOf(BrokerUnavailableException.class);
        assertThat(fatal).containsExactly(fencing);
    }

    private static ProducerRecord<String, byte[]> record(int i) {
        return new ProducerRecord<>(TopicNames.PARSED, "key-" + i, new byte[] { (byte) i });
    }
}
