package org.kith.schemas;

/**
 * Kafka record headers the hub writes on outbound copies beside the CloudEvents attributes, and the
 * HTTP headers a webhook delivery carries. Only these and the CloudEvents binding cross the hub's
 * edge: every other header is dropped (an allowlist). The message id is the CloudEvent {@code id}.
 */
public final class KithHeaders {

    /** The decision under which this copy was released. */
    public static final String DECISION_ID = "kith-decision-id";
    /** Comma-separated ids of the directives and authorities the decision rests on. */
    public static final String BASIS = "kith-basis";
    /** The partner a record on a shared topic is meant for. */
    public static final String RECIPIENT = "kith-recipient";

    public static final String HTTP_IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String HTTP_DECISION_ID = "Kith-Decision-Id";
    public static final String HTTP_BASIS = "Kith-Basis";

    private KithHeaders() {
    }
}
