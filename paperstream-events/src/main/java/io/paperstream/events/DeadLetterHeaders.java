package io.paperstream.events;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;

/**
 * Header names on {@code papers.dead-letter}: every service writes the same ones, so one consumer reads all
 * rejected input the same way.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "paperstream.dead-letter.reason";
    public static final String STAGE = "paperstream.dead-letter.stage";
    public static final String SOURCE = "paperstream.dead-letter.source";
    public static final String LINE = "paperstream.dead-letter.line";
    public static final String DIGEST_ID = "paperstream.dead-letter.digest-id";
    public static final String ORIGINAL_TOPIC = "paperstream.dead-letter.topic";
    public static final String ORIGINAL_PARTITION = "paperstream.dead-letter.partition";
    public static final String ORIGINAL_OFFSET = "paperstream.dead-letter.offset";
    /** Size in bytes of the rejected value when the dead letter holds only its first bytes (it was too large). */
    public static final String TRUNCATED_FROM = "paperstream.dead-letter.truncated-from";

    private DeadLetterHeaders() {
    }

    public static void put(Headers headers, String name, Object value) {
        if (value != null) {
            headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
