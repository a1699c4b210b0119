package org.kith.consent.engine;

import java.time.Instant;
import java.util.Objects;

/** What a decision is about and under which policy: ids and a time only, never personal data. */
public record DecisionHeader(String messageId, String familyId, String recipientId, Instant decidedAt,
                             String policyVersion) {
    public DecisionHeader {
        Objects.requireNonNull(messageId, "message id");
        Objects.requireNonNull(familyId, "family id");
        Objects.requireNonNull(recipientId, "recipient id");
        Objects.requireNonNull(decidedAt, "decided at");
        Objects.requireNonNull(policyVersion, "policy version");
    }
}
