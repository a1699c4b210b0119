package org.kith.consent;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.Purpose;

/**
 * The interim, fail-closed consent check: a message goes to a recipient only if one active
 * directive of the family names that recipient, covers every category the message carries and its
 * purpose, and is in its period. Anything less means deny; nothing is redacted. The consent engine
 * (authorities, agreements, deny directives, redaction) replaces it.
 */
public final class ExplicitPermitGate {

    public Decision decide(FamilyConsent consent, String recipient, Set<Category> carried, Purpose purpose, Instant now) {
        List<String> basis = consent.directives().stream()
                .filter(d -> d.permits(recipient, carried, purpose, now))
                .map(Directive::directiveId)
                .toList();
        return basis.isEmpty()
                ? new Decision.Deny(recipient, DenyReason.NO_CONSENT)
                : new Decision.Permit(recipient, basis);
    }
}
