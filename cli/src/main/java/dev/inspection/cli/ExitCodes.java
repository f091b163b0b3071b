package dev.inspection.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Exit codes that scripts can rely on, and one-line descriptions of failures. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The operation failed (server answered with an error, or a step failed). */
    public static final int FAILED = 1;
    /** Bad command-line usage (picocli's own code). */
    public static final int USAGE = 2;
    /** Something the command needs is missing: a folder, a file, a free port. */
    public static final int MISSING = 3;
    /** A service could not be reached or did not start. */
    public static final int UNAVAILABLE = 4;
    /** The server rejected the input (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED...). */
    public static final int REJECTED = 5;

    private ExitCodes() {
    }

    static int of(Throwable ex) {
        if (ex instanceof CliException cli) {
            return cli.exitCode();
        }
        if (ex instanceof StatusRuntimeException sre) {
            return switch (sre.getStatus().getCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED -> UNAVAILABLE;
                case INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ALREADY_EXISTS, FAILED_PRECONDITION,
                     RESOURCE_EXHAUSTED, OUT_OF_RANGE -> REJECTED;
                default -> FAILED;
            };
        }
        return FAILED;
    }

    static String describe(Throwable ex) {
        if (ex instanceof StatusRuntimeException sre) {
            Status status = sre.getStatus();
            String text = status.getCode() + ": " + (status.getDescription() == null ? "(no detail)" : status.getDescription());
            return status.getCode() == Status.Code.UNAVAILABLE
                    ? text + " (is the service running at the --target address? the default is its standard local port)"
                    : text;
        }
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }
}
