package io.paperstream.enrich.streams;

import java.util.Arrays;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.paperstream.events.DeadLetterHeaders;

/** The headers a rejected record takes to {@code papers.dead-letter}: its own, plus reason, stage and origin. */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    static Headers headers(Headers recordHeaders, ProcessingContext context, String stage, String reason) {
        Headers headers = new RecordHeaders(recordHeaders.toArray());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, reason);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, stage);
        context.recordMetadata().ifPresent(origin -> {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, origin.topic());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, origin.partition());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, origin.offset());
        });
        return headers;
    }

    /**
     * The value a dead letter carries: the rejected bytes, or only their first {@code maxBytes} when they are longer
     * (the dead letter must itself fit the broker), noting the full size in the headers.
     */
    static byte[] bounded(byte[] value, int maxBytes, Headers headers) {
        if (value == null || value.length <= maxBytes) {
            return value;
        }
        DeadLetterHeaders.put(headers, DeadLetterHeaders.TRUNCATED_FROM, value.length);
        return Arrays.copyOf(value, maxBytes);
    }

    /** topic-partition@offset of the record being processed, for logs. */
    static String origin(ProcessingContext context) {
        return context.recordMetadata().map(DeadLetterRecords::describe).orElse("?");
    }

    private static String describe(RecordMetadata origin) {
        return origin.topic() + "-" + origin.partition() + "@" + origin.offset();
    }
}
