package io.paperstream.query.stream;

/** What a theme stream sends: papers (SSE events) and comments (keep-alives, notices). */
public sealed interface StreamItem {

    /**
     * A paper event.
     *
     * @param id   the subscriber's {@link StreamPosition} right after this paper: the event id, where a reconnection
     *             resumes
     * @param json the paper JSON ({@link StreamedPaper}), serialized once for every subscriber
     */
    record Paper(String id, String json) implements StreamItem {
    }

    /** An SSE comment line: ignored by clients, but it keeps proxies from closing an idle stream. */
    record Comment(String text) implements StreamItem {
    }
}
