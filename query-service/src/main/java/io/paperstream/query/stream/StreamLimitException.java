package io.paperstream.query.stream;

/** A new stream would exceed a subscriber limit. */
public class StreamLimitException extends RuntimeException {

    private final boolean perClient;

    StreamLimitException(boolean perClient, String message) {
        super(message);
        this.perClient = perClient;
    }

    /** True when the client's own limit is reached (it should close a stream); false for the service's limit. */
    public boolean perClient() {
        return perClient;
    }
}
