package io.paperstream.ingest.digest;

/** The body as a whole cannot be read as a digest (as opposed to single bad records, which are rejected). */
public class UnreadableDigestException extends RuntimeException {

    /** Why the body is unreadable. */
    public enum Kind {
        /** No bytes, or nothing but blank lines. */
        EMPTY,
        /** NUL bytes: a binary file, not text. */
        BINARY,
        /** Bytes that are not UTF-8. */
        NOT_UTF8
    }

    private final Kind kind;

    public UnreadableDigestException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
