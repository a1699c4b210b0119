package org.kith.consent;

import java.util.Objects;

/**
 * A family's recorded permission for one recipient partner to receive the family's messages.
 * Interim shape: the consent engine replaces it with grantor, subjects, categories, purposes and
 * period; until then a directive either stands (active) or has been revoked.
 */
public record Directive(String directiveId, String familyId, String recipient, Status status) {

    public enum Status { ACTIVE, REVOKED }

    public Directive {
        Objects.requireNonNull(directiveId, "directiveId");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
    }

    public boolean permits(String partnerId) {
        return status == Status.ACTIVE && recipient.equals(partnerId);
    }
}
