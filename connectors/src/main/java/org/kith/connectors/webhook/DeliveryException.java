package org.kith.connectors.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Why one webhook delivery failed, decided by type: a {@link Retriable} failure (the partner or the
 * network may recover) is retried and counts against the partner's circuit breaker; a
 * {@link Permanent} refusal (the partner answered, and will answer the same to the same request) goes
 * to the partner's dead letters; {@link BreakerOpen} means the partner was not called at all.
 */
public abstract sealed class DeliveryException extends Exception
        permits DeliveryException.Retriable, DeliveryException.Permanent, DeliveryException.BreakerOpen {

    private final String reason;

    private DeliveryException(String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.reason = reason;
    }

    /** A short code for metrics, letters and the ledger: {@code http-503}, {@code timeout}, {@code connect}... */
    public String reason() {
        return reason;
    }

    /**
     * The type of a failed call: a connection failure, a timeout, a 5xx, a 408 or a 429 is
     * retriable; any other non-2xx answer is permanent.
     */
    public static DeliveryException of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return retriableStatus(status) ? new Retriable("http-" + status, failure) : new Permanent(status, failure);
            }
            if (cause instanceof InterruptedIOException) {
                return new Retriable("timeout", failure);
            }
            if (cause instanceof IOException) {
                return new Retriable("connect", failure);
            }
        }
        return new Retriable("error", failure);
    }

    static boolean retriableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** The partner or the network may recover: try again later. */
    public static final class Retriable extends DeliveryException {
        Retriable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** The partner refused this request; sending the same bytes again would be refused again. */
    public static final class Permanent extends DeliveryException {
        private final int status;

        Permanent(int status, Throwable cause) {
            super("http-" + status, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The partner's circuit breaker is open: the partner was not called, the record waits. */
    public static final class BreakerOpen extends DeliveryException {
        BreakerOpen() {
            super("breaker-open", null);
        }
    }
}
