package org.kith.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

class ExplicitPermitGateTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Set<Category> REFERRAL = Set.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY);
    private final ExplicitPermitGate gate = new ExplicitPermitGate();

    private static Directive directive(String id, String recipient, Set<Category> categories) {
        return new Directive(id, "F-1", List.of(recipient), Set.of("P-1", "P-2"), Set.of(), Set.of(), Set.of(),
                categories, Set.of(Purpose.REFERRAL),
                Optional.of(NOW.minusSeconds(3600)), Optional.of(NOW.plusSeconds(3600)), Directive.Status.ACTIVE);
    }

    private static Disclosure disclosure(String recipient, Purpose purpose, Instant at) {
        return new Disclosure(recipient, "county-cw", PartnerKind.CHILD_WELFARE, MessageType.REFERRAL, Set.of("P-1"),
                REFERRAL, purpose, at);
    }

    private Decision decide(FamilyConsent consent) {
        return gate.decide(consent, disclosure("clinic", Purpose.REFERRAL, NOW));
    }

    private static final Decision DENY = new Decision.Deny("clinic", DenyReason.NO_CONSENT);

    @Test
    void noDirectiveMeansDeny() {
        assertEquals(DENY, decide(FamilyConsent.none("F-1")));
    }

    @Test
    void aDirectiveCoveringRecipientCategoriesPurposeAndTimePermitsWithItsId() {
        var consent = FamilyConsent.none("F-1").record(directive("D-1", "clinic", REFERRAL));
        assertEquals(new Decision.Permit("clinic", List.of("D-1")), decide(consent));
    }

    @Test
    void aDirectiveMissingOneCarriedCategoryDoesNotPermit() {
        var consent = FamilyConsent.none("F-1").record(directive("D-1", "clinic", Set.of(Category.SERVICE, Category.IDENTITY)));
        assertEquals(DENY, decide(consent));
    }

    @Test
    void anotherRecipientPurposeOrPeriodDoesNotPermit() {
        var consent = FamilyConsent.none("F-1").record(directive("D-1", "school", REFERRAL));
        assertEquals(DENY, decide(consent));
        var forCourt = FamilyConsent.none("F-1").record(directive("D-1", "clinic", REFERRAL));
        assertEquals(DENY, gate.decide(forCourt, disclosure("clinic", Purpose.COURT_PROCEEDING, NOW)));
        assertEquals(DENY, gate.decide(forCourt, disclosure("clinic", Purpose.REFERRAL, NOW.plusSeconds(7200))));
        assertEquals(DENY, gate.decide(forCourt, disclosure("clinic", Purpose.REFERRAL, NOW.minusSeconds(7200))));
    }

    @Test
    void everyLimitOfTheDirectiveNarrows() {
        var base = directive("D-1", "clinic", REFERRAL);
        var aboutSomeoneElse = new Disclosure("clinic", "county-cw", PartnerKind.CHILD_WELFARE, MessageType.REFERRAL,
                Set.of("P-1", "P-9"), REFERRAL, Purpose.REFERRAL, NOW);
        assertEquals(DENY, gate.decide(FamilyConsent.none("F-1").record(base), aboutSomeoneElse));

        var onlyFromTheClinic = new Directive("D-1", "F-1", List.of("clinic"), base.subjects(), Set.of("harbor-recovery"),
                Set.of(), Set.of(), base.categories(), base.purposes(), base.from(), base.to(), Directive.Status.ACTIVE);
        assertEquals(DENY, decide(FamilyConsent.none("F-1").record(onlyFromTheClinic)));
        var fromChildWelfare = new Directive("D-1", "F-1", List.of("clinic"), base.subjects(), Set.of(),
                Set.of(PartnerKind.CHILD_WELFARE), Set.of(), base.categories(), base.purposes(), base.from(), base.to(),
                Directive.Status.ACTIVE);
        assertEquals(new Decision.Permit("clinic", List.of("D-1")), decide(FamilyConsent.none("F-1").record(fromChildWelfare)));

        var onlyCasePlans = new Directive("D-1", "F-1", List.of("clinic"), base.subjects(), Set.of(), Set.of(),
                Set.of(MessageType.CASE_PLAN), base.categories(), base.purposes(), base.from(), base.to(), Directive.Status.ACTIVE);
        assertEquals(DENY, decide(FamilyConsent.none("F-1").record(onlyCasePlans)));
    }

    @Test
    void revocationDenies() {
        var consent = FamilyConsent.none("F-1").record(directive("D-1", "clinic", REFERRAL)).revoke("D-1");
        assertEquals(1, consent.directives().size());
        assertEquals(DENY, decide(consent));
        assertEquals(consent, consent.revoke("D-unknown"));
    }

    @Test
    void aFamilyCannotHoldAnotherFamilysDirective() {
        assertThrows(IllegalArgumentException.class,
                () -> new FamilyConsent("F-2", List.of(directive("D-1", "clinic", REFERRAL))));
    }

    @Test
    void aPermitWithoutBasisCannotExist() {
        assertThrows(IllegalArgumentException.class, () -> new Decision.Permit("clinic", List.of()));
    }
}
