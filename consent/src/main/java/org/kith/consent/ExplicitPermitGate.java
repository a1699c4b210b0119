package org.kith.consent;

import java.util.List;

/**
 * The interim, fail-closed consent check: deny unless an active directive of the family names the
 * recipient. No directive, a revoked one, or one for another partner all mean deny. The consent
 * engine (directives with categories and purposes, authorities, agreements, redaction) replaces it.
 */
public final class ExplicitPermitGate {

    public Decision decide(FamilyConsent consent, String recipient) {
        List<String> basis = consent.directives().stream()
                .filter(d -> d.permits(recipient))
                .map(Directive::directiveId)
                .toList();
        return basis.isEmpty()
                ? new Decision.Deny(recipient, DenyReason.NO_CONSENT)
                : new Decision.Permit(recipient, basis);
    }
}
