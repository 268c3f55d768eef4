package io.paperstream.problem;

import java.util.Locale;

/**
 * A kind of problem a service answers with: its RFC 9457 {@code type} URI, HTTP status and title. Each service lists
 * its own in an enum implementing this; {@link CommonProblemType} holds those the shared mappers answer with.
 */
public interface ProblemType {

    /**
     * Every type URI is this prefix and the type's slug. A URN, not a URL: RFC 9457 §3.1.1 allows non-resolvable
     * URIs, and no client is invited to fetch a page that nobody serves.
     */
    String URI_PREFIX = "urn:paperstream:problem:";

    /** The enum constant's name; the slug is derived from it. */
    String name();

    int status();

    String title();

    /** The constant's name in kebab case, e.g. {@code NO_VALID_RECORD} → {@code no-valid-record}. */
    default String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    default String uri() {
        return URI_PREFIX + slug();
    }
}
