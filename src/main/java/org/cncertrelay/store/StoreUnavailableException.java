package org.cncertrelay.store;

/**
 * The shared database cannot be reached (connection refused or lost, no connection within the timeout): nothing
 * is wrong with what was being stored, and the same work succeeds once the database is back. Callers defer the
 * work instead of failing it, and say so once per outage rather than once per page.
 */
public final class StoreUnavailableException extends IllegalStateException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code error} or one of its causes is this exception. */
    public static boolean isCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
