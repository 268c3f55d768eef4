package io.paperstream.query.api;

import io.paperstream.problem.Problem;
import io.paperstream.problem.ProblemException;

/** The problems the resources raise, answered by the shared mappers. */
final class QueryProblems {

    private QueryProblems() {
    }

    /** 400: a query parameter (or header) that cannot be used, named in the {@code parameter} member. */
    static ProblemException invalidParameter(String parameter, String detail) {
        return new ProblemException(Problem.of(QueryProblemType.INVALID_PARAMETER, detail).with("parameter", parameter));
    }

    /** 404: the paper or theme the path names does not exist. */
    static ProblemException notFound(String detail) {
        return ProblemException.of(QueryProblemType.NOT_FOUND, detail);
    }
}
