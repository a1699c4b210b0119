package org.kith.consent;

import java.util.List;

/**
 * The interim, fail-closed consent check: a message goes to a recipient only if one active
 * directive of the family names that recipient, covers every person the message names, its sender,
 * its type, every category it carries and its purpose, and is in its period. Anything less means
 * deny; nothing is redacted. The consent engine (authorities, agreements, deny directives,
 * redaction) replaces it.
 */
public final class ExplicitPermitGate {

    public Decision decide(FamilyConsent consent, Disclosure disclosure) {
        String recipient = disclosure.recipient();
        List<String> basis = consent.directives().stream()
                .filter(d -> d.permits(disclosure))
                .map(Directive::directiveId)
                .toList();
        return basis.isEmpty()
                ? new Decision.Deny(recipient, DenyReason.NO_CONSENT)
                : new Decision.Permit(recipient, basis);
    }
}
