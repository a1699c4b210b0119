package org.kith.hub.enforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What the hub tells a partner on its status topic, never the data and never anything about what
 * other senders sent: what became of one of its messages for one recipient (forwarded whole,
 * forwarded with some categories removed, withheld with the categories and their reason codes,
 * recorded, refused), and how its referrals go (updated without a shareable status, overdue).
 *
 * @param reason     for a withheld message: the reason code of its first withheld category; for a
 *                   refused one, why; for an overdue referral, {@code not-received} or {@code not-answered}
 * @param withheld   the categories removed or withheld, each with its reason code
 * @param referralId for referral notices: the referral, as its referrer named it
 * @param capacity   set to {@code full} when a referral was forwarded to a provider that reported no capacity
 * @param partnerEventId for a message refused at an edge that cannot answer at once (Kafka): the id the
 *                       sender gave it, since the hub gave it none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StatusNotice(String messageId, String recipient, String outcome, String reason, String decisionId,
                           List<Withholding> withheld, Instant at, String referralId, String capacity,
                           String partnerEventId) {

    public static final String FORWARDED = "forwarded";
    public static final String REDACTED = "forwarded-redacted";
    public static final String WITHHELD = "withheld";
    public static final String RECORDED = "recorded";
    /** The hub refused the message (see the dead-letter topic for the operator's copy). */
    public static final String REFUSED = "refused";
    /** The other side updated a referral; what it said is shared only under consent. */
    public static final String REFERRAL_UPDATED = "referral-updated";
    /** A referral missed its receipt or answer deadline. */
    public static final String OVERDUE = "overdue";
    public static final String CAPACITY_FULL = "full";

    public StatusNotice {
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }

    public StatusNotice(String messageId, String recipient, String outcome, String reason, String decisionId,
                        List<Withholding> withheld, Instant at) {
        this(messageId, recipient, outcome, reason, decisionId, withheld, at, null, null, null);
    }

    /** A message refused before the hub took it (so it has no message id of the hub's): the sender's id and why. */
    static StatusNotice refusedAtEdge(String partnerEventId, String reason, Instant at) {
        return new StatusNotice(null, null, REFUSED, reason, null, List.of(), at, null, null, partnerEventId);
    }

    /** A notice about a referral: {@code recipient} is the other side of it. */
    static StatusNotice referral(String messageId, String recipient, String outcome, String reason, String referralId,
                                 Instant at) {
        return new StatusNotice(messageId, recipient, outcome, reason, null, List.of(), at, referralId, null, null);
    }

    StatusNotice withCapacity(String reported) {
        return new StatusNotice(messageId, recipient, outcome, reason, decisionId, withheld, at, referralId, reported,
                partnerEventId);
    }
}
