package io.paperstream.enrich.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.paperstream.events.DeadLetterHeaders;

/**
 * What a rejected record takes to {@code papers.dead-letter}: its key, its headers plus reason, stage and origin, and
 * its value, all within the record limit (the dead letter must itself fit the broker, whatever a hostile producer
 * put in the key, headers or value).
 */
final class DeadLetterRecords {

    /**
     * Characters of a reason kept in a dead letter: enough to say what failed, and an exception message can quote
     * the whole input.
     */
    static final int MAX_REASON_CHARACTERS = 1000;

    /** Characters of a record key written to a log line: a paper id is far shorter. */
    private static final int MAX_LOGGED_KEY_CHARACTERS = 100;

    private DeadLetterRecords() {
    }

    /** A dead letter ready to forward; {@code key} is null when the original key was too large to keep. */
    record DeadLetter(String key, byte[] value, Headers headers) {
    }

    /**
     * The dead letter of a record: the original headers are kept when they fit (with the key and the added headers)
     * within {@code maxRecordBytes}, the key likewise; the value keeps what fits of its first bytes, noting its full
     * size in {@link DeadLetterHeaders#TRUNCATED_FROM}.
     */
    static DeadLetter of(String key, byte[] value, Headers original, ProcessingContext context, String stage,
            String reason, int maxRecordBytes) {
        Headers headers = added(context, stage, reason);
        int keyBytes = utf8Length(key);
        int originalBytes = size(original);
        if (keyBytes + originalBytes + size(headers) <= maxRecordBytes) {
            Headers all = new RecordHeaders(original.toArray());
            headers.forEach(all::add);
            headers = all;
        } else {
            String note = keyBytes + size(headers) <= maxRecordBytes ? " (its " + originalBytes
                    + " bytes of headers were too large to keep)"
                    : " (its key of " + keyBytes + " bytes and its headers were too large to keep)";
            headers = added(context, stage, reason + note);
            if (keyBytes + size(headers) > maxRecordBytes) {
                key = null;
                keyBytes = 0;
            }
        }
        if (value != null && keyBytes + size(headers) + value.length > maxRecordBytes) {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.TRUNCATED_FROM, value.length);
            value = Arrays.copyOf(value, Math.max(0, maxRecordBytes - keyBytes - size(headers)));
        }
        return new DeadLetter(key, value, headers);
    }

    /** The reason a record whose processing threw is dead-lettered. */
    static String failure(RuntimeException e) {
        return bounded("processing failed: " + e);
    }

    private static String bounded(String reason) {
        return reason.length() <= MAX_REASON_CHARACTERS ? reason : reason.substring(0, MAX_REASON_CHARACTERS) + "…";
    }

    /** The bytes a record takes on a topic, near enough: key, value, header names and values. */
    static int encodedSize(String key, byte[] value, Headers headers) {
        return utf8Length(key) + (value == null ? 0 : value.length) + size(headers);
    }

    /** A record key for a log line: a hostile key can be megabytes. */
    static String loggable(String key) {
        return key == null || key.length() <= MAX_LOGGED_KEY_CHARACTERS ? key
                : key.substring(0, MAX_LOGGED_KEY_CHARACTERS) + "… (" + key.length() + " characters)";
    }

    /** topic-partition@offset of the record being processed, for logs. */
    static String origin(ProcessingContext context) {
        return context.recordMetadata().map(DeadLetterRecords::describe).orElse("?");
    }

    private static Headers added(ProcessingContext context, String stage, String reason) {
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, bounded(reason));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, stage);
        context.recordMetadata().ifPresent(origin -> {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, origin.topic());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, origin.partition());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, origin.offset());
        });
        return headers;
    }

    private static int size(Headers headers) {
        int size = 0;
        for (Header header : headers) {
            size += utf8Length(header.key()) + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String describe(RecordMetadata origin) {
        return origin.topic() + "-" + origin.partition() + "@" + origin.offset();
    }
}
