package org.kith.hub.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Objects;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Json;

/**
 * An operator's request that the core deliver again a copy a partner refused for good, as it goes
 * to the enforcement core: the value of the {@link org.kith.schemas.KithHeaders#REDELIVERY} header of a
 * {@code kith.inbound} record whose value and {@code ce_} headers are the released copy. The core
 * decides the copy again for {@code partner} alone, under {@code decisionId}; ids only, never data.
 *
 * @param partner           the recipient that refused the copy
 * @param deadLetter        the partner's dead letter, {@code <topic>/<offset>}
 * @param decisionId        the id the new decision takes: chosen here, so the operator can be told its outcome
 * @param earlierDecisionId the decision the refused copy was released under (its {@code kith-decision-id})
 * @param requestedBy       who asked (a user id)
 */
public record Redelivery(String partner, String deadLetter, String decisionId, String earlierDecisionId,
                         String requestedBy) {

    public Redelivery {
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(decisionId, "decisionId");
    }

    /** What the new decision's ledger record says it redelivers. */
    public LedgerEvent.Decision.Redelivery ledgerMark() {
        return new LedgerEvent.Decision.Redelivery(deadLetter, earlierDecisionId, requestedBy);
    }

    public byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a redelivery request", e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a redelivery request */
    public static Redelivery fromJson(byte[] json) {
        try {
            return Json.mapper().readValue(json, Redelivery.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a redelivery request", e);
        }
    }
}
