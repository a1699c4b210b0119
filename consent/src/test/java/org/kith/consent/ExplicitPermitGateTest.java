package org.kith.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExplicitPermitGateTest {

    private final ExplicitPermitGate gate = new ExplicitPermitGate();

    private static Directive directive(String id, String recipient, Directive.Status status) {
        return new Directive(id, "F-1", recipient, status);
    }

    @Test
    void noDirectiveMeansDeny() {
        assertEquals(new Decision.Deny("clinic", DenyReason.NO_CONSENT), gate.decide(FamilyConsent.none("F-1"), "clinic"));
    }

    @Test
    void anActiveDirectiveForTheRecipientPermitsWithItsId() {
        var consent = FamilyConsent.none("F-1").record(directive("D-1", "clinic", Directive.Status.ACTIVE));
        assertEquals(new Decision.Permit("clinic", List.of("D-1")), gate.decide(consent, "clinic"));
    }

    @Test
    void aDirectiveForAnotherRecipientDoesNotPermit() {
        var consent = FamilyConsent.none("F-1").record(directive("D-1", "school", Directive.Status.ACTIVE));
        assertEquals(new Decision.Deny("clinic", DenyReason.NO_CONSENT), gate.decide(consent, "clinic"));
    }

    @Test
    void revocationReplacesTheDirectiveAndDenies() {
        var consent = FamilyConsent.none("F-1")
                .record(directive("D-1", "clinic", Directive.Status.ACTIVE))
                .record(directive("D-1", "clinic", Directive.Status.REVOKED));
        assertEquals(1, consent.directives().size());
        assertEquals(new Decision.Deny("clinic", DenyReason.NO_CONSENT), gate.decide(consent, "clinic"));
    }

    @Test
    void aFamilyCannotHoldAnotherFamilysDirective() {
        assertThrows(IllegalArgumentException.class,
                () -> new FamilyConsent("F-2", List.of(directive("D-1", "clinic", Directive.Status.ACTIVE))));
    }

    @Test
    void aPermitWithoutBasisCannotExist() {
        assertThrows(IllegalArgumentException.class, () -> new Decision.Permit("clinic", List.of()));
    }
}
