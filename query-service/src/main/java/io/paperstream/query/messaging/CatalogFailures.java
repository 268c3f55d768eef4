package io.paperstream.query.messaging;

import java.sql.SQLException;

/** Tells a write that failed because of the data it carried from one that failed because of the database. */
final class CatalogFailures {

    private CatalogFailures() {
    }

    /**
     * SQLSTATE classes of errors caused by the values written: 22 data exception, 23 integrity constraint
     * violation, 54 program limit exceeded (e.g. a text too long for a tsvector). Retrying those cannot help.
     */
    static boolean causedByData(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String sqlClass = sql.getSQLState().substring(0, Math.min(2, sql.getSQLState().length()));
                if (sqlClass.equals("22") || sqlClass.equals("23") || sqlClass.equals("54")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                deepest = cause;
            }
        }
        return "the catalog refused the record: " + deepest.getMessage();
    }
}
