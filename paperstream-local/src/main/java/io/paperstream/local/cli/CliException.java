package io.paperstream.local.cli;

/** A failure the user can act on: printed as one line "paperstream: message", exit status 1. */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }
}
