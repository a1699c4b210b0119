package org.kith.hub.enforce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One record of {@code kith.ledger}: a decision (denials included) or a recorded directive. Holds
 * ids, codes and categories only, never message data.
 *
 * @param kind    {@code decision} or {@code consent-recorded}
 * @param outcome {@code permit} or {@code deny} for a decision; the directive status otherwise
 * @param basis   the directive (later also authority, agreement, rule) ids the outcome rests on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(String kind, String id, String messageId, String messageType, String familyId,
                          String sender, String recipient, String outcome, List<String> basis, String reason,
                          Instant at) {

    public static final String DECISION = "decision";
    public static final String CONSENT_RECORDED = "consent-recorded";
}
