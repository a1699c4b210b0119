package org.kith.hub.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What a ledger record says, by kind. Every field is an id, a code, a category, a hash or a count
 * (or, for a configuration change, the configuration object; for a child-safety emergency, the
 * declarer's justification): never message data or a name, so the ledger can be shown to an auditor or a family without
 * disclosing anything. Times are strings (RFC 3339) and numbers are integers, so every record has
 * one canonical form (see {@link LedgerRecord}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LedgerEvent permits LedgerEvent.Decision, LedgerEvent.Delivery, LedgerEvent.DeliveryFailed, LedgerEvent.Refusal,
        LedgerEvent.AdminChange, LedgerEvent.ConsentRecorded, LedgerEvent.ConsentWithdrawn, LedgerEvent.AccessRefused,
        LedgerEvent.Checkpoint {

    /** The record's {@code kind}, which says how to read its body. */
    @JsonIgnore
    String kind();

    /**
     * The enforcement core's decision for one message and one recipient, denials included.
     *
     * @param outcome    {@code permit}, {@code redact} or {@code deny}
     * @param categories the data categories released to the recipient (empty for a denial)
     * @param withheld   the categories removed or withheld, each as {@code category:reason-code}
     * @param subjects   the ids of the family members the message is about
     * @param basis      the ids the outcome rests on, each prefixed with its kind: {@value #DIRECTIVE},
     *                   {@value #AUTHORITY} (court order, statute, emergency...), {@value #AGREEMENT}
     * @param reasons    the distinct reason codes of what was withheld (e.g. {@code no-consent})
     * @param rules      the combining rules that decided it
     * @param policy     the policy version it was decided under
     * @param redeliveryOf for a copy decided again because an operator redelivers it, what it redelivers;
     *                     null for a message's first release (left out, so those records read as they always did)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Decision(String decisionId, String messageId, String messageType, String familyId, List<String> subjects,
                    String sender,
                    String recipient, String purpose, String outcome, List<String> categories, List<String> withheld,
                    List<String> basis, List<String> reasons, List<String> rules, String policy,
                    Redelivery redeliveryOf) implements LedgerEvent {
        /** A message's first release to one recipient. */
        public Decision(String decisionId, String messageId, String messageType, String familyId, List<String> subjects,
                        String sender, String recipient, String purpose, String outcome, List<String> categories,
                        List<String> withheld, List<String> basis, List<String> reasons, List<String> rules,
                        String policy) {
            this(decisionId, messageId, messageType, familyId, subjects, sender, recipient, purpose, outcome, categories,
                    withheld, basis, reasons, rules, policy, null);
        }

        /** The same decision, marked as the redelivery {@code of}. */
        public Decision redelivering(Redelivery of) {
            return new Decision(decisionId, messageId, messageType, familyId, subjects, sender, recipient, purpose, outcome,
                    categories, withheld, basis, reasons, rules, policy, of);
        }

        public Decision {
            Objects.requireNonNull(decisionId);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(outcome);
            subjects = List.copyOf(subjects);
            categories = List.copyOf(categories);
            withheld = List.copyOf(withheld);
            basis = List.copyOf(basis);
            reasons = List.copyOf(reasons);
            rules = List.copyOf(rules);
        }

        /**
         * A copy a partner refused for good, delivered again at an operator's request: a new
         * disclosure, decided when it happens.
         *
         * @param deadLetter        the partner's dead letter, {@code <topic>/<offset>}
         * @param earlierDecisionId the decision the refused copy was released under
         * @param requestedBy       the user who asked for the redelivery (a user id)
         */
        public record Redelivery(String deadLetter, String earlierDecisionId, String requestedBy) {
            public Redelivery {
                Objects.requireNonNull(deadLetter, "deadLetter");
            }
        }

        public static final String DIRECTIVE = "directive:";
        public static final String AUTHORITY = "authority:";
        public static final String AGREEMENT = "agreement:";

        @Override
        public String kind() {
            return "decision";
        }
    }

    /**
     * A copy handed to a recipient's channel.
     *
     * @param bodySha256 hex SHA-256 of the exact bytes delivered (what the signature covered)
     * @param kid        the hub key that signed the copy
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delivery(String decisionId, String messageId, String recipient, String channel, String bodySha256,
                    String kid) implements LedgerEvent {
        public Delivery {
            Objects.requireNonNull(decisionId);
            Objects.requireNonNull(messageId);
        }

        @Override
        public String kind() {
            return "delivery";
        }
    }

    /**
     * A copy its recipient's channel refused for good (set aside as the recipient's dead letter):
     * the final failure of that delivery.
     *
     * @param reason     the code of the refusal, e.g. {@code http-422}
     * @param bodySha256 hex SHA-256 of the exact bytes offered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryFailed(String decisionId, String messageId, String recipient, String channel, String bodySha256,
                          String kid, String reason) implements LedgerEvent {
        public static final String KIND = "delivery-failed";

        public DeliveryFailed {
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(reason);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A message refused at the door, e.g. for its signature or as a replay; or a second copy of a
     * message the core decided already (reason {@code replayed}, with its {@code messageId}).
     *
     * @param partnerEventId the id the sender gave, if it could be read
     * @param reason         the reason code ({@code bad-signature}, {@code replayed}...)
     * @param bodySha256     hex SHA-256 of the refused bytes, so a dispute can name them
     * @param messageId      the hub's message id, for a copy of a message decided already; else null (left
     *                       out of the record, so records without it read as they always did)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Refusal(String sender, String partnerEventId, String reason, String bodySha256, String messageId)
            implements LedgerEvent {
        public static final String KIND = "refusal";

        public Refusal {
            Objects.requireNonNull(reason);
        }

        /** A refusal at the door: the message has no message id of the hub's yet. */
        public Refusal(String sender, String partnerEventId, String reason, String bodySha256) {
            this(sender, partnerEventId, reason, bodySha256, null);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * An administrative change: who did what to which object (a partner, an agreement, a key...).
     * A configuration change carries the object as it was and as it became (configuration, never
     * family data), and, when a second administrator approved it, who asked for it.
     *
     * @param before      the object before the change, or null (created, or not configuration)
     * @param after       the object after the change, or null (deleted, or not configuration)
     * @param requestedBy the administrator who asked for a change {@code actor} approved, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdminChange(String actor, String action, String objectType, String objectId, JsonNode before,
                       JsonNode after, String requestedBy) implements LedgerEvent {
        public AdminChange {
            Objects.requireNonNull(action);
        }

        /** A change with no configuration object to show (a replay, a consent document recorded for an officer). */
        public AdminChange(String actor, String action, String objectType, String objectId) {
            this(actor, action, objectType, objectId, null, null, null);
        }

        @Override
        public String kind() {
            return "admin-change";
        }
    }

    /**
     * A past recipient of a revoked directive told so: the hub's {@code consent-withdrawn} notice, one
     * per family, directive and recipient ({@code consent-withdrawn.schema.json}). Ids and times only.
     *
     * @param noticeId            the notice's id (its CloudEvent id and Idempotency-Key)
     * @param withdrawnFrom       from when the directive no longer holds (RFC 3339)
     * @param revocationMessageId the message id of the revocation that caused it
     * @param subjects            the family members the copies received under the directive were about (ids)
     * @param decisionIds         the decisions under which the recipient received copies under the directive
     * @param sent                {@value #SENT}, or {@value #UNREGISTERED} when the recipient is no longer a
     *                            registered partner and could not be told (the record says so)
     * @param replacedBy          the directive that replaced the one withdrawn; null when a revocation withdrew it
     * @param categories          of a replacement, the data categories withdrawn from this recipient (what it
     *                            received that the replacing directive no longer covers for it); null for a revocation
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConsentWithdrawn(String noticeId, String familyId, String directiveId, String recipient,
                            String withdrawnFrom, String revocationMessageId, List<String> subjects,
                            List<String> decisionIds, String sent, String replacedBy, List<String> categories)
            implements LedgerEvent {
        public static final String KIND = "consent-withdrawn";
        public static final String SENT = "sent";
        public static final String UNREGISTERED = "recipient-not-registered";

        public ConsentWithdrawn {
            Objects.requireNonNull(noticeId, "noticeId");
            Objects.requireNonNull(directiveId, "directiveId");
            Objects.requireNonNull(recipient, "recipient");
            subjects = List.copyOf(subjects);
            decisionIds = List.copyOf(decisionIds);
            categories = categories == null ? null : List.copyOf(categories);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A document recorded in a family's consent file: a family profile, a consent directive, a
     * revocation or a legal authority.
     *
     * @param document   {@code family-profile}, {@code consent-directive}, {@code consent-revocation} or {@code legal-authority}
     * @param documentId the directive's or authority's id (the family id for a profile)
     * @param status     the directive's effect, {@code revoked}, the authority's kind, or {@code recorded}
     * @param basis      the ids it touches (a directive it replaces, the directive a revocation ends)
     * @param emergency  for a child-safety emergency (break-glass), who declared it and why; else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConsentRecorded(String document, String documentId, String familyId, String messageId, String sender,
                           String status, List<String> basis, Emergency emergency) implements LedgerEvent {
        public ConsentRecorded {
            Objects.requireNonNull(documentId);
            basis = basis == null ? List.of() : List.copyOf(basis);
        }

        /** Any document but an emergency authority. */
        public ConsentRecorded(String document, String documentId, String familyId, String messageId, String sender,
                               String status, List<String> basis) {
            this(document, documentId, familyId, messageId, sender, status, basis, null);
        }

        /** The status of an authority of kind emergency (break-glass). */
        public static final String EMERGENCY = "emergency";

        /**
         * Who declared a child-safety emergency and why: the record an auditor or a court reads. The
         * justification is the declarer's statement of the grounds, as the authority carries it: a
         * statement for the record, which names family members by their person ids, not by name (the
         * README's rule); it is never logged.
         *
         * @param declaredBy    the user id of the person who declared it, holding the emergency role
         * @param verifiedBy    how the hub knows: {@code admin-api} (signed in to the administration API)
         *                      or {@code identity-provider} (a declaration token of the identity provider)
         * @param justification why disclosure could not wait for consent or an order
         */
        public record Emergency(String declaredBy, String verifiedBy, String justification) {
            public static final String ADMIN_API = "admin-api";
            public static final String IDENTITY_PROVIDER = "identity-provider";

            public Emergency {
                Objects.requireNonNull(declaredBy, "declaredBy");
                Objects.requireNonNull(verifiedBy, "verifiedBy");
                Objects.requireNonNull(justification, "justification");
            }
        }

        @Override
        public String kind() {
            return "consent-recorded";
        }
    }

    /**
     * Requests for a family's data that the hub refused (a partner asking for another partner's
     * referral, a partner's token at the administration API, a user outside its agency scope): who,
     * what, why, how many and when, never what was asked for beyond its ids. The first refusal of an
     * {@code (actor, operation, family, reason)} in a minute is a record of its own; the others of
     * that minute are one record with their count, written when the minute is over.
     *
     * @param actor     {@code partner:<id>}, {@code user:<id>} or {@code anonymous} (no credential the hub knows)
     * @param operation the request refused, e.g. {@code GET /v1/referrals/{familyId}/{referralId}}; absent
     *                  when the record sums an actor's refusals beyond the ones it names in that minute
     * @param familyId  the family whose data was asked for; absent for data of no single family
     *                  (dead letters), or when the record sums refusals beyond the ones it names
     * @param reason    {@code unauthenticated}, {@code forbidden}, {@code not-found} or {@code out-of-scope}
     * @param count     how many refusals this record stands for
     * @param first     when the first of them was refused (RFC 3339)
     * @param last      when the last of them was refused (RFC 3339)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccessRefused(String actor, String operation, String familyId, String reason, long count, String first,
                         String last) implements LedgerEvent {
        public static final String KIND = "access-refused";

        public AccessRefused {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (count < 1) {
                throw new IllegalArgumentException("an access refused record stands for at least one refusal");
            }
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A signed checkpoint sealing the records {@code firstSeq..lastSeq} (those since the previous
     * checkpoint) under their RFC 6962 Merkle root.
     *
     * @param previousCheckpoint the hash of the previous checkpoint record ({@link LedgerRecord#GENESIS} for the first)
     * @param signature          detached JWS over the checkpoint's signed bytes ({@link LedgerRecord#signedBytes})
     * @param timestamp          base64url RFC 3161 token from the {@link TimestampHook}, or absent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Checkpoint(long firstSeq, long lastSeq, String root, String previousCheckpoint, String signature,
                      String timestamp) implements LedgerEvent {
        public static final String KIND = "checkpoint";

        @Override
        public String kind() {
            return KIND;
        }
    }
}
