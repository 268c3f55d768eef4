package io.paperstream.query.catalog.read;

/** A {@code cursor} parameter that is not one this service issued for the listing at hand. */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String message) {
        super(message);
    }

    public InvalidCursorException(String message, Throwable cause) {
        super(message, cause);
    }
}
