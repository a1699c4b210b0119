package org.kith.connectors;

import java.util.OptionalLong;

/** Ends an edge route with a refusal: the route's exception handler answers with the problem. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    /**
     * A refusal the caller may retry after the given delay, sent as {@code Retry-After} (RFC 9110),
     * so a well-behaved client waits instead of hammering.
     *
     * @param retryAfterSeconds seconds to wait, at least 1; 0 for none
     */
    public ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.type() + ": " + problem.detail(), null, false, false);
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative, not " + retryAfterSeconds);
        }
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** The {@code Retry-After} delay in seconds, if the refusal carries one. */
    public OptionalLong retryAfter() {
        return retryAfterSeconds == 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }
}
