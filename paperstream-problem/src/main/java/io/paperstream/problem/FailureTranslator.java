package io.paperstream.problem;

/**
 * A service's knowledge of failures that are no bug, such as its database being unreachable: the catch-all mapper
 * asks every such bean before it answers 500. Implementations are CDI beans of the service.
 */
public interface FailureTranslator {

    /**
     * The problem to answer for {@code failure} (any cause in its chain may tell), with the headers it needs such as
     * {@code Retry-After}, or null if not known here.
     */
    ProblemException translate(Throwable failure, String instance);
}
