package org.kith.hub.family;

/**
 * A document that would take its family past its {@link FamilyLimits}. Not a fault of the document:
 * the sender is told why (reason {@value #REASON}) and nothing is set aside, since nothing is to
 * be fixed and replayed; the family takes it once directives are replaced or revoked.
 */
public final class FamilyLimitExceeded extends IllegalStateException {

    /** The reason code senders see, at the door and on their status topic. */
    public static final String REASON = "family-limit";

    FamilyLimitExceeded(String detail) {
        super(detail);
    }
}
