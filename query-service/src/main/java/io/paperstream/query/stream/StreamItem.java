package io.paperstream.query.stream;

import io.paperstream.query.catalog.entity.Paper;

/** What a theme stream sends: papers (SSE events) and comments (keep-alives, notices). */
public sealed interface StreamItem {

    /** Roughly the bytes this item takes on the wire (UTF-16 units of its text): what a backlog is measured in. */
    long size();

    /**
     * A paper event.
     *
     * @param id   the subscriber's {@link StreamPosition} right after this paper: the event id, where a reconnection
     *             resumes
     * @param json the paper JSON ({@link StreamedPaper}), serialized once for every subscriber
     */
    record Paper(String id, String json) implements StreamItem {

        @Override
        public long size() {
            return id.length() + json.length();
        }
    }

    /** An SSE comment line: ignored by clients, but it keeps proxies from closing an idle stream. */
    record Comment(String text) implements StreamItem {

        @Override
        public long size() {
            return text.length();
        }
    }
}
