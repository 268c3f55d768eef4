package io.paperstream.events;

/** A record on a topic that is not the event it should be; the message is the dead-letter reason. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
