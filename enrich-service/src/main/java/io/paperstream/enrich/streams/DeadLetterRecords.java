package io.paperstream.enrich.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.paperstream.events.DeadLetterHeaders;

/** The headers a rejected record takes to {@code papers.dead-letter}: its own, plus reason, stage and origin. */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    static Headers headers(Record<?, ?> record, ProcessorContext<?, ?> context, String stage, String reason) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, reason);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, stage);
        context.recordMetadata().ifPresent(origin -> {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, origin.topic());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, origin.partition());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, origin.offset());
        });
        return headers;
    }

    /** topic-partition@offset of the record being processed, for logs. */
    static String origin(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(DeadLetterRecords::describe).orElse("?");
    }

    private static String describe(RecordMetadata origin) {
        return origin.topic() + "-" + origin.partition() + "@" + origin.offset();
    }
}
