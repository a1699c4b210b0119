package org.kith.hub.enforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One record of {@code kith.ledger}: a decision (denials included) or a document recorded in a
 * family's consent file. Holds ids, codes and categories only, never message data.
 *
 * @param kind     {@code decision}, or what was recorded: {@code consent-recorded}, {@code consent-revoked},
 *                 {@code authority-recorded}, {@code profile-recorded}
 * @param outcome  {@code permit}, {@code redact} or {@code deny} for a decision; for a record, the
 *                 directive's effect or the authority's kind
 * @param basis    the directive, authority, statute and agreement ids the outcome rests on
 * @param reason   for a denial: the reason code of its first withheld category
 * @param granted  for a decision: the categories the copy carried
 * @param withheld for a decision: the categories withheld, each with its reason code
 * @param rules    for a decision: the combining rules that decided it
 * @param policy   for a decision: the policy version it was made under
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LedgerEntry(String kind, String id, String messageId, String messageType, String familyId,
                          String sender, String recipient, String outcome, List<String> basis, String reason,
                          List<String> granted, List<Withholding> withheld, List<String> rules, String policy,
                          Instant at) {

    public static final String DECISION = "decision";
    public static final String CONSENT_RECORDED = "consent-recorded";
    public static final String CONSENT_REVOKED = "consent-revoked";
    public static final String AUTHORITY_RECORDED = "authority-recorded";
    public static final String PROFILE_RECORDED = "profile-recorded";

    /** A document recorded in a family's consent file. */
    static LedgerEntry recorded(String kind, String id, String messageId, String messageType, String familyId,
                                String sender, String outcome, List<String> basis, Instant at) {
        return new LedgerEntry(kind, id, messageId, messageType, familyId, sender, null, outcome, basis, null,
                List.of(), List.of(), List.of(), null, at);
    }
}
