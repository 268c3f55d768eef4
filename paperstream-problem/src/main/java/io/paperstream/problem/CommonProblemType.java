package io.paperstream.problem;

/** The problem types the shared {@link ProblemMappers} answer with, the same in every service. */
public enum CommonProblemType implements ProblemType {
    /** A JSON body that does not parse or does not fit the expected shape. */
    MALFORMED_JSON(400, "Malformed JSON body"),
    /** Bean Validation refused a parameter or body; {@code violations} names each. */
    CONSTRAINT_VIOLATION(400, "Invalid request"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    /** A bug, not the client's input: logged with the {@code errorId} the answer repeats. */
    INTERNAL_ERROR(500, "Internal error");

    private final int status;
    private final String title;

    CommonProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
