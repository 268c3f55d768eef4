package io.paperstream.ingest.messaging;

/** The broker did not take (or acknowledge) what had to be written in time; nothing can be claimed. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
