package io.paperstream.query.stream;

/** What a theme stream sends: papers (SSE events) and comments (keep-alives, notices). */
public sealed interface StreamItem {

    /**
     * A paper event.
     *
     * @param sequence its materialized_seq: the event id, and where a reconnection resumes
     * @param json     the paper JSON, serialized once for every subscriber
     */
    record Paper(long sequence, String json) implements StreamItem {
    }

    /** An SSE comment line: ignored by clients, but it keeps proxies from closing an idle stream. */
    record Comment(String text) implements StreamItem {
    }
}
