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
    /** Whether the recipient may pass the copy on: {@value #REDISCLOSURE_PROHIBITED} or {@value #REDISCLOSURE_ALLOWED}. */
    public static final String REDISCLOSURE = "kith-redisclosure";
    public static final String REDISCLOSURE_PROHIBITED = "prohibited";
    public static final String REDISCLOSURE_ALLOWED = "allowed";
    /** The notice that must accompany the copy, e.g. the 42 CFR 2.32 notice on substance-use records. */
    public static final String NOTICE = "kith-notice";
    /** {@value #REVIEW_REQUIRED} when the copy went under break-glass access and a reviewer must look at it. */
    public static final String REVIEW = "kith-review";
    public static final String REVIEW_REQUIRED = "required";
    /** Marks a record of {@code kith.inbound} as a webhook delivery receipt (its value a receipt, never a message). */
    public static final String DELIVERY = "kith-delivery";
    /** Marks a record of {@code kith.inbound} as an administrative change notice, for the ledger. */
    public static final String ADMIN_CHANGE = "kith-admin-change";
    /**
     * Marks a record of {@code kith.inbound} as a notice of requests for a family's data the hub
     * refused (who, which operation, which family, why, how many), for the ledger. Only the hub's
     * API edges write it; the ingresses drop every header a partner sends.
     */
    public static final String ACCESS_REFUSED = "kith-access-refused";
    /** The partner a record on a shared topic is meant for. */
    public static final String RECIPIENT = "kith-recipient";
    /**
     * The hub's detached JWS over an outbound copy (Kafka: over the binary-mode signing input of
     * the record's {@code ce_} headers and value). Not carried over to a webhook: a webhook
     * delivery carries {@value #HTTP_SIGNATURE} over its own body instead.
     */
    public static final String SIGNATURE = "kith-signature";
    /**
     * Marks a record of {@code kith.inbound} as a refusal notice of the REST ingress (a message
     * refused at the door for its signature or as a replay), whose value says who, what and why,
     * never the refused data; the enforcement core records it in the ledger and processes nothing.
     * Only the ingress writes it: the ingress drops every request header before writing.
     */
    public static final String REFUSAL = "kith-refusal";
    /**
     * Marks a record of {@code kith.inbound} as an operator's redelivery of a copy a partner refused
     * for good: the value and {@code ce_} headers are the released copy, the header's value says
     * which dead letter, for whom and under which new decision id. The core decides it again for
     * that one recipient. Only the hub's dead-letter tools write it; the ingresses drop every header
     * a partner sends.
     */
    public static final String REDELIVERY = "kith-redelivery";
    /**
     * On a legal authority of kind {@code emergency} that the administration API writes to
     * {@code kith.inbound}: the id of the user, holding the emergency role, who declared it. Only the
     * administration API writes it, after its role check; the ingresses drop every header a partner sends.
     */
    public static final String DECLARED_BY = "kith-declared-by";

    public static final String HTTP_IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String HTTP_DECISION_ID = "Kith-Decision-Id";
    public static final String HTTP_BASIS = "Kith-Basis";
    public static final String HTTP_REDISCLOSURE = "Kith-Redisclosure";
    public static final String HTTP_NOTICE = "Kith-Notice";
    public static final String HTTP_REVIEW = "Kith-Review";
    /** A detached JWS: a partner's over its submission, the hub's over a webhook delivery's body. */
    public static final String HTTP_SIGNATURE = "Kith-Signature";

    /** The hub's headers on an outbound record and the HTTP header each becomes on a webhook delivery. */
    public static final java.util.Map<String, String> HTTP_NAMES = java.util.Map.of(
            DECISION_ID, HTTP_DECISION_ID, BASIS, HTTP_BASIS, REDISCLOSURE, HTTP_REDISCLOSURE,
            NOTICE, HTTP_NOTICE, REVIEW, HTTP_REVIEW);

    private KithHeaders() {
    }
}
