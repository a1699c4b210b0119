package org.kith.consent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.consent.engine.ConsentDecision.Outcome.DENY;
import static org.kith.consent.engine.ConsentDecision.Outcome.PERMIT;
import static org.kith.consent.engine.ConsentDecision.Outcome.REDACT;
import static org.kith.consent.engine.ConsentWorld.CHILD;
import static org.kith.consent.engine.ConsentWorld.CW;
import static org.kith.consent.engine.ConsentWorld.CW_OTHER;
import static org.kith.consent.engine.ConsentWorld.FAMILY;
import static org.kith.consent.engine.ConsentWorld.FATHER;
import static org.kith.consent.engine.ConsentWorld.FULL_REFERRAL;
import static org.kith.consent.engine.ConsentWorld.HOUSING;
import static org.kith.consent.engine.ConsentWorld.MH;
import static org.kith.consent.engine.ConsentWorld.MH_OTHER;
import static org.kith.consent.engine.ConsentWorld.MINIMAL_REFERRAL;
import static org.kith.consent.engine.ConsentWorld.MOTHER;
import static org.kith.consent.engine.ConsentWorld.NOW;
import static org.kith.consent.engine.ConsentWorld.REFERRAL_CORE;
import static org.kith.consent.engine.ConsentWorld.SCHOOL;
import static org.kith.consent.engine.ConsentWorld.SON;
import static org.kith.consent.engine.ConsentWorld.SUD;
import static org.kith.consent.engine.ConsentWorld.TEEN;
import static org.kith.consent.engine.ConsentWorld.THIS_YEAR;
import static org.kith.consent.engine.ConsentWorld.YOUTH;
import static org.kith.consent.engine.ConsentWorld.assertGranted;
import static org.kith.consent.engine.ConsentWorld.assertOutcome;
import static org.kith.consent.engine.ConsentWorld.assertWithheld;
import static org.kith.consent.engine.ConsentWorld.deny;
import static org.kith.consent.engine.ConsentWorld.permit;
import static org.kith.consent.engine.ConsentWorld.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.Actor;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.AuthorityScope;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.Directive;
import org.kith.consent.model.DirectiveState;
import org.kith.consent.model.DirectiveStatus;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Period;
import org.kith.consent.model.Person;
import org.kith.consent.model.Recipients;
import org.kith.consent.model.Sources;
import org.kith.consent.model.UnreadableDirective;
import org.kith.consent.redaction.RedactionResult;
import org.kith.consent.redaction.Redactor;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * The scenario catalogue: every rule of the engine and every reason code, one small named case
 * each, on the family and partners of {@link ConsentWorld}. Read the display names as the spec.
 */
class ScenarioCatalogueTest {

    private final ConsentWorld world = new ConsentWorld();
    private final Redactor redactor = new Redactor();

    private static Set<Category> with(Set<Category> base, Category... more) {
        EnumSet<Category> all = EnumSet.copyOf(base);
        all.addAll(List.of(more));
        return all;
    }

    private ConsentDecision decide(MessageType type, Set<Category> categories, Set<Category> core,
                                   org.kith.consent.model.Partner from, org.kith.consent.model.Partner to,
                                   Purpose purpose, String... subjects) {
        return world.engine.decide(request(type, categories, core, from, to, purpose, subjects));
    }

    private ConsentDecision referralFacts(Set<Category> categories, org.kith.consent.model.Partner to,
                                          String... subjects) {
        return decide(MessageType.REFERRAL, categories, REFERRAL_CORE, CW, to, Purpose.REFERRAL, subjects);
    }

    // ------------------------------------------------------------ agreements

    @Test
    @DisplayName("S01 no agreement between sender and recipient: nothing is sent, whatever the consent")
    void s01NoAgreement() {
        world.with(permit("d-1").recipients(Recipients.named(SUD.id())).build());
        ConsentDecision d = world.engine.decide(
                request(MessageType.REFERRAL, MINIMAL_REFERRAL, MH, SUD, Purpose.REFERRAL, CHILD));
        assertOutcome(DENY, d);
        REFERRAL_CORE.forEach(c -> assertWithheld(d, c, ReasonCode.NO_AGREEMENT));
        assertTrue(d.bases().rules().contains(Rule.AGREEMENT_REQUIRED.id()));
    }

    @Test
    @DisplayName("S02 the agreement has ended: nothing is sent, reason agreement-expired")
    void s02AgreementExpired() {
        world.with(permit("d-1").period(Period.between(NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(400))))
                .build());
        world.clock.set(Instant.parse("2027-02-01T00:00:00Z"));
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.AGREEMENT_EXPIRED);
        assertTrue(d.withheld().get(0).causes().contains("mou-cw-mh"));
    }

    @Test
    @DisplayName("S03 the agreement has not started yet: no agreement")
    void s03AgreementNotYetEffective() {
        world.with(permit("d-1").period(Period.between(NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(1))))
                .build());
        world.clock.set(Instant.parse("2025-12-01T00:00:00Z"));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.SERVICE, ReasonCode.NO_AGREEMENT);
    }

    @Test
    @DisplayName("S04 the agreement does not cover the message type: not in agreement")
    void s04MessageTypeNotInAgreement() {
        world.with(permit("d-1").build());
        ConsentDecision d = decide(MessageType.CASE_PLAN, REFERRAL_CORE, REFERRAL_CORE, CW, MH, Purpose.REFERRAL, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.NOT_IN_AGREEMENT);
    }

    @Test
    @DisplayName("S05 the agreement does not cover the purpose: purpose-not-covered")
    void s05PurposeNotInAgreement() {
        world.with(permit("d-1").purposes(Purpose.REFERRAL, Purpose.COURT_PROCEEDING).build());
        ConsentDecision d = decide(MessageType.REFERRAL, REFERRAL_CORE, REFERRAL_CORE, CW, MH,
                Purpose.COURT_PROCEEDING, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.PURPOSE_NOT_COVERED);
    }

    @Test
    @DisplayName("S06 the agreement's categories are a ceiling: consent beyond them does not widen it")
    void s06AgreementCeiling() {
        world.with(permit("d-1").recipients(Recipients.named(HOUSING.id())).categories(EnumSet.allOf(Category.class))
                .build());
        ConsentDecision d = world.referral(FULL_REFERRAL, HOUSING, CHILD);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.BEHAVIORAL_HEALTH, ReasonCode.NOT_IN_AGREEMENT);
        assertWithheld(d, Category.SUBSTANCE_USE, ReasonCode.NOT_IN_AGREEMENT);
        assertGranted(d, Category.IDENTITY, Category.CONTACT, Category.DEMOGRAPHICS);
    }

    // ------------------------------------------------------------ consent basics

    @Test
    @DisplayName("S07 a parent's named permit for their child covers the referral: permit, with its bases")
    void s07NamedPermit() {
        world.with(permit("d-1").build());
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("d-1"), d.bases().directives());
        assertEquals(List.of("mou-cw-mh"), d.bases().agreements());
        d.granted().forEach(g -> assertEquals(List.of("mou-cw-mh", "d-1"), g.bases()));
        assertEquals(world.engine.policyVersion(), d.header().policyVersion());
        assertEquals(NOW, d.header().decidedAt());
    }

    @Test
    @DisplayName("S08 no directive at all: nothing is sent, no-consent")
    void s08NoConsent() {
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(DENY, d);
        REFERRAL_CORE.forEach(c -> assertWithheld(d, c, ReasonCode.NO_CONSENT));
    }

    @Test
    @DisplayName("S09 a permit for another recipient does not cover this one")
    void s09PermitForAnotherRecipient() {
        world.with(permit("d-1").recipients(Recipients.named(MH_OTHER.id())).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
    }

    @Test
    @DisplayName("S10 a revoked consent is withheld with consent-revoked and names the directive")
    void s10RevokedConsentWithheld() {
        world.with(permit("d-1").build());
        world.clock.set(NOW.minus(Duration.ofHours(1)));
        world.engine.revoke(FAMILY, "d-1", MOTHER);
        world.clock.set(NOW);
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.CONSENT_REVOKED);
        assertEquals(List.of("d-1"), d.withheld().get(0).causes());
        assertTrue(d.granted().isEmpty());
    }

    @Test
    @DisplayName("S11 a revocation takes effect at its time: a decision at that instant no longer uses it")
    void s11RevocationTakesEffectAtItsTime() {
        world.with(permit("d-1").build());
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, CHILD));
        Directive revoked = world.engine.revoke(FAMILY, "d-1", "officer-7");
        assertEquals(new DirectiveStatus.Revoked(NOW, "officer-7"), revoked.status());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.SERVICE, ReasonCode.CONSENT_REVOKED);
    }

    @Test
    @DisplayName("S12 an expired consent is withheld with consent-expired")
    void s12ExpiredConsent() {
        world.with(permit("d-1").period(Period.between(Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"))).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.CONSENT_EXPIRED);
    }

    @Test
    @DisplayName("S13 a consent that starts next month does not cover today")
    void s13ConsentNotYetEffective() {
        world.with(permit("d-1").period(Period.openEnded(Instant.parse("2026-12-01T00:00:00Z"))).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY,
                ReasonCode.CONSENT_NOT_YET_EFFECTIVE);
    }

    @Test
    @DisplayName("S14 a consent for case planning does not cover a referral: purpose-not-covered")
    void s14PurposeNotCoveredByConsent() {
        world.with(permit("d-1").purposes(Purpose.CASE_PLANNING).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.PURPOSE_NOT_COVERED);
    }

    @Test
    @DisplayName("S15 a consent limited to progress reports does not cover a referral")
    void s15MessageTypeLimitedConsent() {
        world.with(permit("d-1").messageTypes(MessageType.PROGRESS_REPORT).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
    }

    @Test
    @DisplayName("S16 consent for the core only: REDACT keeps every core field and removes the rest")
    void s16RedactKeepsCoreFields() {
        world.with(permit("d-1").build());
        ConsentDecision d = world.referral(FULL_REFERRAL, MH, CHILD);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.SUBSTANCE_USE, ReasonCode.NO_CONSENT);
        assertWithheld(d, Category.SAFETY, ReasonCode.NO_CONSENT);
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class,
                redactor.apply(d, ConsentWorld.contract(MessageType.REFERRAL), ConsentWorld.json(FULL_REFERRAL)));
        assertTrue(copy.removedPointers().containsAll(List.of("/history", "/familyContact", "/safetyConcerns",
                "/persons/0/demographics")), copy.removedPointers()::toString);
        assertEquals("Ada", copy.data().at("/persons/0/givenName").asText());
        assertTrue(copy.data().at("/history").isMissingNode());
        assertEquals("R-2", copy.data().at("/referralId").asText());
    }

    @Test
    @DisplayName("S17 a core field's category withheld: DENY, and the rest is marked core-field-withheld")
    void s17DenyWhenCoreFieldWouldGo() {
        world.with(permit("d-1").categories(Category.ADMINISTRATIVE, Category.SERVICE).build());
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.NO_CONSENT);
        assertWithheld(d, Category.SERVICE, ReasonCode.CORE_FIELD_WITHHELD);
        assertTrue(d.bases().rules().contains(Rule.CORE_FIELDS_OR_NOTHING.id()));
        assertInstanceOf(RedactionResult.NotSent.class,
                redactor.apply(d, ConsentWorld.contract(MessageType.REFERRAL), ConsentWorld.json(MINIMAL_REFERRAL)));
    }

    @Test
    @DisplayName("S18 a field the schema does not describe is withheld: unknown-category, removed from the copy")
    void s18UnknownCategoryWithheld() {
        world.with(permit("d-1").build());
        String smuggled = MINIMAL_REFERRAL.replace("\"reason\"", "\"nickname\":\"x\",\"reason\"");
        ConsentDecision d = world.referral(smuggled, MH, CHILD);
        assertOutcome(REDACT, d);
        Withheld w = d.withheld().get(0);
        assertEquals(Optional.empty(), w.category());
        assertEquals(ReasonCode.UNKNOWN_CATEGORY, w.reason());
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class,
                redactor.apply(d, ConsentWorld.contract(MessageType.REFERRAL), ConsentWorld.json(smuggled)));
        assertEquals(List.of("/nickname"), copy.removedPointers());
    }

    // ------------------------------------------------------------ denies

    @Test
    @DisplayName("S19 the father's deny beats the mother's permit for the same category")
    void s19DenyBeatsPermit() {
        world.with(permit("d-1").categories(with(REFERRAL_CORE, Category.BEHAVIORAL_HEALTH)).build())
                .with(deny("d-2").grantor(FATHER, "father", Capacity.PARENT).categories(Category.BEHAVIORAL_HEALTH).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.BEHAVIORAL_HEALTH), MH, CHILD);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.BEHAVIORAL_HEALTH, ReasonCode.DENIED_BY_FAMILY);
        assertTrue(d.bases().rules().contains(Rule.DENY_BEATS_PERMIT.id()));
        assertTrue(d.bases().directives().containsAll(List.of("d-1", "d-2")));
    }

    @Test
    @DisplayName("S20 a deny to a kind of partner beats a named permit (deny wins at the same level)")
    void s20GeneralDenyBeatsNamedPermit() {
        world.with(permit("d-1").categories(with(REFERRAL_CORE, Category.BEHAVIORAL_HEALTH)).build())
                .with(deny("d-2").recipients(Recipients.kinds(PartnerKind.MENTAL_HEALTH))
                        .categories(Category.BEHAVIORAL_HEALTH).build());
        assertWithheld(referralFacts(with(REFERRAL_CORE, Category.BEHAVIORAL_HEALTH), MH, CHILD),
                Category.BEHAVIORAL_HEALTH, ReasonCode.DENIED_BY_FAMILY);
    }

    @Test
    @DisplayName("S21 a deny of a core category: nothing is sent")
    void s21DenyOfCoreCategory() {
        world.with(permit("d-1").build()).with(deny("d-2").categories(Category.IDENTITY).build());
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.DENIED_BY_FAMILY);
    }

    @Test
    @DisplayName("S22 a revoked deny no longer withholds")
    void s22RevokedDenyNoLongerWithholds() {
        world.with(permit("d-1").build()).with(deny("d-2").categories(Category.IDENTITY).build());
        world.engine.revoke(FAMILY, "d-2", MOTHER);
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, CHILD));
    }

    // ------------------------------------------------------------ grantor authority

    @Test
    @DisplayName("S23 a relative who holds no consent authority for the child: grantor-not-authorized")
    void s23GrantorWithoutAuthority() {
        world.with(permit("d-1").grantor("P-GM", "grandmother", Capacity.LEGAL_GUARDIAN).build());
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertWithheld(d, Category.IDENTITY, ReasonCode.GRANTOR_NOT_AUTHORIZED);
        assertTrue(d.bases().rules().contains(Rule.GRANTOR_AUTHORITY.id()));
    }

    @Test
    @DisplayName("S24 a youth of 15 consents alone to their own behavioral health; the parent to the rest")
    void s24YouthConsentsToOwnBehavioralHealth() {
        world.with(permit("d-1").subjects(YOUTH).build())
                .with(permit("d-2").subjects(YOUTH).grantor(YOUTH, "self", Capacity.YOUTH_FOR_SELF)
                        .categories(Category.BEHAVIORAL_HEALTH).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.BEHAVIORAL_HEALTH), MH, YOUTH);
        assertOutcome(PERMIT, d);
        assertTrue(d.bases().directives().containsAll(List.of("d-1", "d-2")));
    }

    @Test
    @DisplayName("S25 a youth of 13 is below the behavioral-health consent age: grantor-not-authorized")
    void s25YouthBelowConsentAge() {
        world.with(permit("d-1").subjects(TEEN).build())
                .with(permit("d-2").subjects(TEEN).grantor(TEEN, "self", Capacity.YOUTH_FOR_SELF)
                        .categories(Category.BEHAVIORAL_HEALTH).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.BEHAVIORAL_HEALTH), MH, TEEN);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.BEHAVIORAL_HEALTH, ReasonCode.GRANTOR_NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("S26 minor consent law: only the youth of 15 may release their substance-use records, not the parent")
    void s26ParentCannotReleaseMinorsSubstanceUse() {
        world.with(permit("d-1").subjects(YOUTH).recipients(Recipients.named(SUD.id()))
                .categories(with(REFERRAL_CORE, Category.SUBSTANCE_USE)).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.SUBSTANCE_USE), SUD, YOUTH);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.SUBSTANCE_USE, ReasonCode.GRANTOR_NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("S27 the youth's own named, dated consent releases their substance-use records, with the Part 2 notice")
    void s27YouthReleasesOwnSubstanceUse() {
        world.with(permit("d-1").subjects(YOUTH).recipients(Recipients.named(SUD.id())).build())
                .with(permit("d-2").subjects(YOUTH).grantor(YOUTH, "self", Capacity.YOUTH_FOR_SELF)
                        .recipients(Recipients.named(SUD.id())).categories(Category.SUBSTANCE_USE).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.SUBSTANCE_USE), SUD, YOUTH);
        assertOutcome(PERMIT, d);
        assertEquals(Optional.of(Handling.PART2_NOTICE), d.handling().notice());
        assertTrue(d.handling().redisclosureProhibited());
    }

    @Test
    @DisplayName("S28 below the minor-consent age of 12, the parent may release the child's substance-use records")
    void s28ParentReleasesYoungChildsSubstanceUse() {
        world.with(permit("d-1").recipients(Recipients.named(SUD.id()))
                .categories(with(REFERRAL_CORE, Category.SUBSTANCE_USE)).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.SUBSTANCE_USE), SUD, CHILD);
        assertOutcome(PERMIT, d);
        assertTrue(d.handling().notice().isPresent());
    }

    @Test
    @DisplayName("S29 an adult consents for themselves")
    void s29AdultForSelf() {
        world.with(permit("d-1").subjects(SON).grantor(SON, "self", Capacity.ADULT_FOR_SELF).build());
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, SON));
    }

    @Test
    @DisplayName("S30 a parent cannot consent for an adult son, nor claim adult-for-self for a child")
    void s30ParentForAdultOrWrongCapacity() {
        world.with(permit("d-1").subjects(SON).build())
                .with(permit("d-2").grantor(MOTHER, "mother", Capacity.ADULT_FOR_SELF).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, SON), Category.IDENTITY, ReasonCode.GRANTOR_NOT_AUTHORIZED);
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY,
                ReasonCode.GRANTOR_NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("S31 on the 18th birthday the parent's consent stops binding and the young adult's own starts")
    void s31EighteenthBirthday() {
        String eve = "P-E";
        List<Person> persons = new ArrayList<>(ConsentWorld.profile().persons().values());
        persons.add(Person.born(eve, LocalDate.parse("2008-11-24"), MOTHER, FATHER));
        world.engine.recordFamily(FamilyProfile.of(FAMILY, Optional.of(CW.id()), persons));
        world.with(permit("d-1").subjects(eve).build());
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, eve));
        world.clock.set(Instant.parse("2026-11-24T00:00:00Z"));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, eve), Category.IDENTITY, ReasonCode.GRANTOR_NOT_AUTHORIZED);
        world.with(permit("d-2").subjects(eve).grantor(eve, "self", Capacity.ADULT_FOR_SELF).build());
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, eve));
    }

    @Test
    @DisplayName("S32 a subject the family record does not know: no authority can be shown, withheld")
    void s32UnknownSubject() {
        world.with(permit("d-1").subjects("P-Z").build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, "P-Z"), Category.IDENTITY,
                ReasonCode.GRANTOR_NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("S33 a deny from someone without authority binds nobody: the youth's own consent stands")
    void s33InvalidDenyIgnored() {
        world.with(permit("d-1").subjects(YOUTH).recipients(Recipients.named(SUD.id())).build())
                .with(permit("d-2").subjects(YOUTH).grantor(YOUTH, "self", Capacity.YOUTH_FOR_SELF)
                        .recipients(Recipients.named(SUD.id())).categories(Category.SUBSTANCE_USE).build())
                .with(deny("d-3").subjects(YOUTH).recipients(Recipients.named(SUD.id()))
                        .categories(Category.SUBSTANCE_USE).build());
        assertOutcome(PERMIT, referralFacts(with(REFERRAL_CORE, Category.SUBSTANCE_USE), SUD, YOUTH));
    }

    // ------------------------------------------------------------ substance use, redisclosure

    @Test
    @DisplayName("S34 a general designation never covers substance-use records: named-recipient-required")
    void s34GeneralDesignationExcludesSubstanceUse() {
        world.with(permit("d-1").recipients(Recipients.kinds(PartnerKind.SUBSTANCE_USE_TREATMENT))
                .categories(with(REFERRAL_CORE, Category.SUBSTANCE_USE)).build());
        ConsentDecision d = referralFacts(with(REFERRAL_CORE, Category.SUBSTANCE_USE), SUD, CHILD);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.SUBSTANCE_USE, ReasonCode.NAMED_RECIPIENT_REQUIRED);
        assertGranted(d, Category.IDENTITY);
        assertTrue(d.bases().rules().contains(Rule.GENERAL_DESIGNATION_EXCLUDES_SUBSTANCE_USE.id()));
    }

    @Test
    @DisplayName("S35 substance-use records under consent go with the Part 2 notice; the copy is marked")
    void s35Part2NoticeTravelsWithTheCopy() {
        world.with(permit("d-1").recipients(Recipients.named(MH.id())).redisclosureAllowed(true)
                .categories(EnumSet.allOf(Category.class)).build());
        ConsentDecision d = world.referral(FULL_REFERRAL, MH, CHILD);
        assertOutcome(PERMIT, d);
        assertTrue(d.handling().redisclosureProhibited(), "Part 2 prohibits redisclosure whatever the directive says");
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class,
                redactor.apply(d, ConsentWorld.contract(MessageType.REFERRAL), ConsentWorld.json(FULL_REFERRAL)));
        assertEquals(Optional.of(Handling.PART2_NOTICE), copy.handling().notice());
        assertTrue(d.explanation().contains("federal notice"), d::explanation);
    }

    @Test
    @DisplayName("S36 the copy is marked no-redisclosure unless the basis allows passing it on")
    void s36NoRedisclosureMarking() {
        world.with(permit("d-1").build());
        assertTrue(world.referral(MINIMAL_REFERRAL, MH, CHILD).handling().redisclosureProhibited());
        world.with(permit("d-1").redisclosureAllowed(true).build());
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertFalse(d.handling().redisclosureProhibited());
        assertEquals(Optional.empty(), d.handling().notice());
    }

    @Test
    @DisplayName("S37 a recipient forwarding what it received is a new disclosure that needs its own basis")
    void s37ForwardingNeedsItsOwnBasis() {
        world.with(permit("d-1").build());
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, CHILD));
        ConsentDecision forwarded = world.engine.decide(
                request(MessageType.REFERRAL, MINIMAL_REFERRAL, MH, HOUSING, Purpose.REFERRAL, CHILD));
        assertOutcome(DENY, forwarded);
        assertWithheld(forwarded, Category.IDENTITY, ReasonCode.NO_CONSENT);
    }

    // ------------------------------------------------------------ authorities

    private LegalAuthority order(String id, String recipient, Period period) {
        return LegalAuthority.courtOrder(id, FAMILY, "court-juvenile-3", "JV-2026-118",
                new AuthorityScope(Set.of(CHILD), Set.of(recipient), REFERRAL_CORE, Set.of(Purpose.REFERRAL), period),
                false);
    }

    @Test
    @DisplayName("S38 a court order beats the family's deny")
    void s38CourtOrderBeatsFamilyDeny() {
        world.with(deny("d-1").build());
        world.engine.record(order("co-1", MH.id(), THIS_YEAR));
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("co-1"), d.bases().authorities());
        assertTrue(d.bases().rules().contains(Rule.AUTHORITY_BEATS_FAMILY_DENY.id()));
        assertTrue(d.handling().redisclosureProhibited());
    }

    @Test
    @DisplayName("S39 a court order for another recipient covers nothing here")
    void s39CourtOrderForAnotherRecipient() {
        world.engine.record(order("co-1", MH_OTHER.id(), THIS_YEAR));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
    }

    @Test
    @DisplayName("S40 an expired court order covers nothing")
    void s40ExpiredCourtOrder() {
        world.engine.record(order("co-1", MH.id(), Period.between(Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-06-01T00:00:00Z"))));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
    }

    private static final Set<Category> EDUCATION_RECORD = EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY,
            Category.EDUCATION, Category.SPECIAL_EDUCATION);

    @Test
    @DisplayName("S41 FERPA: a school gives education records to the responsible child welfare agency without consent")
    void s41FerpaException() {
        ConsentDecision d = decide(MessageType.EDUCATION_RECORD, EDUCATION_RECORD,
                EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY), SCHOOL, CW, Purpose.EDUCATION_STABILITY, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("statute:ferpa-child-welfare"), d.bases().authorities());
        assertTrue(d.bases().directives().isEmpty());
        assertTrue(d.handling().redisclosureProhibited());
    }

    @Test
    @DisplayName("S42 FERPA covers only the agency legally responsible for the child, not any child welfare agency")
    void s42FerpaNotForAnotherAgency() {
        ConsentDecision d = decide(MessageType.EDUCATION_RECORD, EDUCATION_RECORD,
                EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY), SCHOOL, CW_OTHER, Purpose.EDUCATION_STABILITY,
                CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.EDUCATION, ReasonCode.NO_CONSENT);
    }

    @Test
    @DisplayName("S43 the FERPA statute beats a parent's deny of education records")
    void s43StatuteBeatsFamilyDeny() {
        world.with(deny("d-1").recipients(Recipients.kinds(PartnerKind.CHILD_WELFARE)).categories(Category.EDUCATION)
                .purposes(Purpose.EDUCATION_STABILITY).build());
        ConsentDecision d = decide(MessageType.EDUCATION_RECORD, EDUCATION_RECORD,
                EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY), SCHOOL, CW, Purpose.EDUCATION_STABILITY, CHILD);
        assertOutcome(PERMIT, d);
        assertTrue(d.bases().rules().contains(Rule.AUTHORITY_BEATS_FAMILY_DENY.id()));
    }

    @Test
    @DisplayName("S44 FERPA covers education categories only: a school's health note still needs consent")
    void s44FerpaCoversEducationOnly() {
        ConsentDecision d = decide(MessageType.EDUCATION_RECORD, with(EDUCATION_RECORD, Category.PHYSICAL_HEALTH),
                EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY), SCHOOL, CW, Purpose.EDUCATION_STABILITY, CHILD);
        assertOutcome(REDACT, d);
        assertWithheld(d, Category.PHYSICAL_HEALTH, ReasonCode.NO_CONSENT);
    }

    private static final Set<Category> REPORT = EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY,
            Category.SAFETY, Category.PHYSICAL_HEALTH, Category.CONTACT, Category.SUBSTANCE_USE);

    @Test
    @DisplayName("S45 a mandated report goes to child welfare without consent and over a deny, substance use included")
    void s45MandatedReport() {
        world.with(deny("d-1").recipients(Recipients.kinds(PartnerKind.CHILD_WELFARE))
                .categories(EnumSet.allOf(Category.class)).purposes(Purpose.values()).build());
        ConsentDecision d = decide(MessageType.MANDATED_REPORT, REPORT, EnumSet.of(Category.ADMINISTRATIVE,
                Category.IDENTITY, Category.SAFETY), SUD, CW, Purpose.CHILD_PROTECTION, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("statute:mandated-report"), d.bases().authorities());
        assertEquals(Optional.empty(), d.handling().notice(), "a report of suspected abuse is outside Part 2");
    }

    @Test
    @DisplayName("S46 the mandated-report rule covers the report itself only, not a follow-up message")
    void s46MandatedReportOnlyTheReport() {
        world.engine.record(new Agreement("mou-followup", Set.of(MH.id(), CW.id()), Set.of(Purpose.CHILD_PROTECTION),
                Set.of(MessageType.PROGRESS_REPORT), EnumSet.allOf(Category.class), THIS_YEAR));
        ConsentDecision d = decide(MessageType.PROGRESS_REPORT, REPORT, EnumSet.of(Category.ADMINISTRATIVE),
                MH, CW, Purpose.CHILD_PROTECTION, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.SAFETY, ReasonCode.NO_CONSENT);
    }

    private EmergencyAccess emergency(Period period) {
        return EmergencyAccess.declare("em-1", FAMILY, new Actor("user-9", Set.of(Actor.EMERGENCY_ROLE)),
                "child alone at home, parent hospitalised",
                new AuthorityScope(Set.of(CHILD), Set.of(MH.id()), REFERRAL_CORE, Set.of(Purpose.REFERRAL), period));
    }

    @Test
    @DisplayName("S47 emergency break-glass covers missing consent, time-limited, flagged for review")
    void s47EmergencyBreakGlass() {
        world.engine.declare(emergency(Period.between(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)))));
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("em-1"), d.bases().authorities());
        assertTrue(d.handling().reviewRequired());
        assertTrue(d.handling().redisclosureProhibited());
        assertTrue(d.explanation().contains("flagged for review"), d::explanation);
    }

    @Test
    @DisplayName("S48 break-glass access that has run out covers nothing")
    void s48EmergencyExpired() {
        world.engine.declare(emergency(Period.between(NOW.minus(Duration.ofHours(30)), NOW.minus(Duration.ofHours(6)))));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
    }

    @Test
    @DisplayName("S49 break-glass does not override a family's explicit deny (only a court order or statute does)")
    void s49EmergencyDoesNotOverrideDeny() {
        world.with(deny("d-1").build());
        world.engine.declare(emergency(Period.between(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)))));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.DENIED_BY_FAMILY);
    }

    @Test
    @DisplayName("S50 break-glass needs the emergency role and may not outlast the jurisdiction's limit")
    void s50EmergencyPreconditions() {
        assertThrows(IllegalArgumentException.class, () -> EmergencyAccess.declare("em-2", FAMILY,
                new Actor("user-3", Set.of("caseworker")), "j", new AuthorityScope(Set.of(CHILD), Set.of(MH.id()),
                        REFERRAL_CORE, Set.of(Purpose.REFERRAL), Period.between(NOW, NOW.plus(Duration.ofHours(1))))));
        assertThrows(IllegalArgumentException.class,
                () -> world.engine.declare(emergency(Period.between(NOW, NOW.plus(Duration.ofDays(4))))));
        assertThrows(IllegalArgumentException.class, () -> emergency(Period.openEnded(NOW)));
    }

    // ------------------------------------------------------------ fail closed

    @Test
    @DisplayName("S51 an unreadable directive on file withholds what only consent could cover; a court order still holds")
    void s51UnreadableDirectiveWithholds() {
        world.with(permit("d-1").build());
        world.engine.record(new UnreadableDirective("d-9", FAMILY));
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.UNREADABLE_DIRECTIVE);
        world.engine.record(order("co-1", MH.id(), THIS_YEAR));
        assertOutcome(PERMIT, world.referral(MINIMAL_REFERRAL, MH, CHILD));
    }

    @Test
    @DisplayName("S52 an error inside the engine is a denial with engine-error, never a disclosure")
    void s52EngineErrorFailsClosed() {
        Clock broken = new Clock() {
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(ZoneId zone) {
                return this;
            }

            public Instant instant() {
                throw new IllegalStateException("clock unavailable");
            }
        };
        ConsentEngine engine = new ConsentEngine(broken, Jurisdiction.example());
        engine.record(permit("d-1").build());
        ConsentDecision d = engine.decide(request(MessageType.REFERRAL, REFERRAL_CORE, REFERRAL_CORE, CW, MH,
                Purpose.REFERRAL, CHILD));
        assertOutcome(DENY, d);
        assertEquals(Set.of(ReasonCode.ENGINE_ERROR), ConsentWorld.reasons(d));
        assertEquals(List.of(Rule.FAIL_CLOSED.id()), d.bases().rules());
    }

    @Test
    @DisplayName("S53 a category goes only if every subject of the message is covered")
    void s53EverySubjectCovered() {
        world.with(permit("d-1").build());
        ConsentDecision d = referralFacts(REFERRAL_CORE, MH, CHILD, YOUTH);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.NO_CONSENT);
        assertTrue(d.bases().rules().contains(Rule.EVERY_SUBJECT_COVERED.id()));
        world.with(permit("d-2").subjects(YOUTH).build());
        assertOutcome(PERMIT, referralFacts(REFERRAL_CORE, MH, CHILD, YOUTH));
    }

    @Test
    @DisplayName("S54 the directive lifecycle: revoking twice or reviving a revoked directive throws")
    void s54IllegalTransitions() {
        world.with(permit("d-1").build());
        world.engine.revoke(FAMILY, "d-1", MOTHER);
        assertThrows(DirectiveState.IllegalTransitionException.class,
                () -> world.engine.revoke(FAMILY, "d-1", MOTHER));
        assertThrows(DirectiveState.IllegalTransitionException.class, () -> world.with(permit("d-1").build()));
        world.with(permit("d-2").build());
        world.with(permit("d-2").purposes(Purpose.REFERRAL, Purpose.CASE_PLANNING).build());
        assertEquals(DirectiveState.Transition.ACTIVE_TO_REVOKED,
                DirectiveState.Transition.between("d-x", DirectiveState.ACTIVE, DirectiveState.REVOKED));
    }

    @Test
    @DisplayName("S55 the explanation is one plain sentence with reasons, ids and the policy version, no personal data")
    void s55ExplanationWithoutPersonalData() {
        world.with(permit("d-1").build()).with(deny("d-2").categories(Category.SAFETY).build());
        ConsentDecision d = world.referral(FULL_REFERRAL, MH, CHILD);
        String text = d.explanation();
        assertTrue(text.startsWith("Sent to mh-clinic without "), text);
        assertTrue(text.contains("safety because the family said no (d-2)"), text);
        assertTrue(text.contains(world.engine.policyVersion()), text);
        for (String personal : List.of("Ada", "Lane", "Elm", "555", "protective order", "asthma")) {
            assertFalse(text.contains(personal), personal);
        }
    }

    @Test
    @DisplayName("S56 a consent to disclose substance-use records must say when it expires (42 CFR 2.31)")
    void s56SubstanceUseConsentNeedsExpiry() {
        assertThrows(IllegalArgumentException.class, () -> permit("d-1").recipients(Recipients.named(SUD.id()))
                .categories(Category.SUBSTANCE_USE).period(Period.openEnded(NOW)).build());
        deny("d-2").categories(Category.SUBSTANCE_USE).period(Period.openEnded(NOW)).build();
    }

    @Test
    @DisplayName("S57 a directive limited to some senders covers nothing another sender sends")
    void s57DirectiveLimitedToSenders() {
        world.with(permit("d-1").sources(Sources.named(CW_OTHER.id())).build());
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
        world.with(permit("d-2").sources(Sources.kinds(PartnerKind.CHILD_WELFARE)).build());
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("d-2"), d.bases().directives());
    }

    @Test
    @DisplayName("S58 an authority limited to some message types and senders covers nothing else")
    void s58AuthorityLimitedToTypesAndSenders() {
        world.engine.record(new LegalAuthority("co-1", FAMILY, LegalAuthority.Kind.COURT_ORDER, "court-3 JV-1",
                new AuthorityScope(Set.of(CHILD), Set.of(MH.id()), REFERRAL_CORE, Set.of(Purpose.REFERRAL),
                        Set.of(MessageType.CASE_PLAN), Sources.ANY, THIS_YEAR), false));
        world.engine.record(new LegalAuthority("st-1", FAMILY, LegalAuthority.Kind.STATUTE, "a statute",
                new AuthorityScope(Set.of(CHILD), Set.of(MH.id()), REFERRAL_CORE, Set.of(Purpose.REFERRAL),
                        Set.of(), Sources.named(CW_OTHER.id()), THIS_YEAR), false));
        assertWithheld(world.referral(MINIMAL_REFERRAL, MH, CHILD), Category.IDENTITY, ReasonCode.NO_CONSENT);
        world.engine.record(new LegalAuthority("st-2", FAMILY, LegalAuthority.Kind.STATUTE, "a statute",
                new AuthorityScope(Set.of(CHILD), Set.of(MH.id()), REFERRAL_CORE, Set.of(Purpose.REFERRAL),
                        Set.of(MessageType.REFERRAL), Sources.kinds(PartnerKind.CHILD_WELFARE), THIS_YEAR), false));
        ConsentDecision d = world.referral(MINIMAL_REFERRAL, MH, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("st-2"), d.bases().authorities());
    }

    @Test
    @DisplayName("S59 a family record of another family is refused: the decision fails closed")
    void s59AnotherFamilysRecord() {
        world.with(permit("d-1").build());
        FamilyRecord other = FamilyRecord.empty("F-other");
        ConsentDecision d = world.engine.decide(request(MessageType.REFERRAL, MINIMAL_REFERRAL, CW, MH,
                Purpose.REFERRAL, CHILD), other);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.IDENTITY, ReasonCode.ENGINE_ERROR);
    }

    // ------------------------------------------------------------ 42 CFR Part 2 programs

    /** A referral status from the provider: its fields are administrative and service, nothing else. */
    private static final String IN_PROGRESS = """
            {"referralId":"R-1","status":"in-progress","statusDate":"2026-11-20"}
            """;

    private static final Set<Category> STATUS = EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE);

    /** The provider tells child welfare (the referrer) where the child's referral stands. */
    private ConsentDecision status(org.kith.consent.model.Partner from, String... subjects) {
        return world.engine.decide(request(MessageType.REFERRAL_STATUS, IN_PROGRESS, from, CW, Purpose.REFERRAL,
                subjects));
    }

    /** A mother's permit for the child, naming child welfare, for the status's categories. */
    private static Directive.Builder statusPermit(String id) {
        return permit(id).recipients(Recipients.named(CW.id())).categories(STATUS);
    }

    private static List<String> causes(ConsentDecision d, Category category) {
        return d.withheld().stream().filter(w -> w.category().equals(Optional.of(category))).findFirst()
                .orElseThrow().causes();
    }

    @Test
    @DisplayName("S60 'in progress' from a Part 2 program reveals treatment: consent to service alone is not enough")
    void s60Part2StatusNeedsSubstanceUseConsent() {
        world.with(statusPermit("d-1").build());
        ConsentDecision d = status(SUD, CHILD);
        assertEquals(STATUS, request(MessageType.REFERRAL_STATUS, IN_PROGRESS, SUD, CW, Purpose.REFERRAL, CHILD)
                .facts().categories(), "nothing in the message is tagged substance-use");
        assertOutcome(DENY, d);
        assertWithheld(d, Category.SERVICE, ReasonCode.NO_CONSENT);
        assertWithheld(d, Category.ADMINISTRATIVE, ReasonCode.NO_CONSENT);
        assertTrue(d.bases().rules().contains(Rule.PART2_PROGRAM_RECORD.id()));
        world.with(permit("d-2").recipients(Recipients.named(CW.id())).categories(Category.SUBSTANCE_USE)
                .period(Period.between(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
                .build());
        ConsentDecision lapsed = status(SUD, CHILD);
        assertWithheld(lapsed, Category.SERVICE, ReasonCode.CONSENT_EXPIRED);
        assertEquals(List.of("d-2"), causes(lapsed, Category.SERVICE), "the reason is substance-use's, with its cause");
    }

    @Test
    @DisplayName("S61 a named consent to service and substance use releases the program's status, with the notice")
    void s61Part2StatusWithNamedConsent() {
        world.with(statusPermit("d-1").categories(with(STATUS, Category.SUBSTANCE_USE)).redisclosureAllowed(true)
                .build());
        ConsentDecision d = status(SUD, CHILD);
        assertOutcome(PERMIT, d);
        d.granted().forEach(g -> assertEquals(List.of("mou-cw-sud", "d-1"), g.bases()));
        assertEquals(Optional.of(Handling.PART2_NOTICE), d.handling().notice());
        assertTrue(d.handling().redisclosureProhibited(), "Part 2 prohibits redisclosure whatever the directive says");
        assertTrue(d.bases().rules().containsAll(List.of(Rule.PART2_PROGRAM_RECORD.id(),
                Rule.PART2_REDISCLOSURE_NOTICE.id())));
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class, redactor.apply(d,
                ConsentWorld.contract(MessageType.REFERRAL_STATUS), ConsentWorld.json(IN_PROGRESS)));
        assertEquals(Optional.of(Handling.PART2_NOTICE), copy.handling().notice());
    }

    @Test
    @DisplayName("S62 a consent to child welfare as a kind of partner never releases a Part 2 program's status")
    void s62Part2StatusUnderGeneralDesignation() {
        world.with(statusPermit("d-1").recipients(Recipients.kinds(PartnerKind.CHILD_WELFARE))
                .categories(with(STATUS, Category.SUBSTANCE_USE)).build());
        ConsentDecision d = status(SUD, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.SERVICE, ReasonCode.NAMED_RECIPIENT_REQUIRED);
        assertWithheld(d, Category.ADMINISTRATIVE, ReasonCode.NAMED_RECIPIENT_REQUIRED);
        assertTrue(d.bases().rules().contains(Rule.GENERAL_DESIGNATION_EXCLUDES_SUBSTANCE_USE.id()));
    }

    @Test
    @DisplayName("S63 the father's deny of substance-use records withholds even a status without any from the program")
    void s63Part2StatusWithheldBySubstanceUseDeny() {
        world.with(statusPermit("d-1").categories(with(STATUS, Category.SUBSTANCE_USE)).build())
                .with(deny("d-2").grantor(FATHER, "father", Capacity.PARENT)
                        .recipients(Recipients.kinds(PartnerKind.CHILD_WELFARE)).categories(Category.SUBSTANCE_USE)
                        .build());
        ConsentDecision d = status(SUD, CHILD);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.SERVICE, ReasonCode.DENIED_BY_FAMILY);
        assertEquals(List.of("d-2"), causes(d, Category.SERVICE));
        assertTrue(d.bases().rules().contains(Rule.DENY_BEATS_PERMIT.id()));
    }

    @Test
    @DisplayName("S64 a Part 2 program's mandated report still goes under the statute, over a substance-use deny")
    void s64Part2MandatedReport() {
        world.with(deny("d-1").grantor(FATHER, "father", Capacity.PARENT)
                .recipients(Recipients.kinds(PartnerKind.CHILD_WELFARE)).categories(Category.SUBSTANCE_USE)
                .purposes(Purpose.CHILD_PROTECTION).build());
        Set<Category> report = EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY, Category.SAFETY);
        ConsentDecision d = decide(MessageType.MANDATED_REPORT, report, report, SUD, CW, Purpose.CHILD_PROTECTION,
                CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("statute:mandated-report"), d.bases().authorities());
        assertTrue(d.bases().rules().containsAll(List.of(Rule.PART2_PROGRAM_RECORD.id(),
                Rule.AUTHORITY_BEATS_FAMILY_DENY.id())));
        assertEquals(Optional.empty(), d.handling().notice(), "a report of suspected abuse is outside Part 2");
    }

    @Test
    @DisplayName("S65 the same status from a mental health clinic, not a Part 2 program, needs only its own categories")
    void s65StatusFromAnotherProviderUnaffected() {
        world.with(statusPermit("d-1").build());
        ConsentDecision d = status(MH, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(Optional.empty(), d.handling().notice());
        assertFalse(d.bases().rules().contains(Rule.PART2_PROGRAM_RECORD.id()));
        assertOutcome(DENY, status(SUD, CHILD));
    }

    @Test
    @DisplayName("S66 a Part 2 status about a youth of 15: the parent cannot release it, the youth's own consent can")
    void s66Part2StatusFollowsMinorConsent() {
        world.with(statusPermit("d-1").subjects(YOUTH).categories(with(STATUS, Category.SUBSTANCE_USE)).build());
        ConsentDecision d = status(SUD, YOUTH);
        assertOutcome(DENY, d);
        assertWithheld(d, Category.SERVICE, ReasonCode.GRANTOR_NOT_AUTHORIZED);
        assertTrue(d.bases().rules().contains(Rule.GRANTOR_AUTHORITY.id()));
        world.with(permit("d-2").subjects(YOUTH).grantor(YOUTH, "self", Capacity.YOUTH_FOR_SELF)
                .recipients(Recipients.named(CW.id())).categories(Category.SUBSTANCE_USE).build());
        ConsentDecision own = status(SUD, YOUTH);
        assertOutcome(PERMIT, own);
        own.granted().forEach(g -> assertEquals(List.of("mou-cw-sud", "d-1", "d-2"), g.bases()));
        assertTrue(own.handling().notice().isPresent());
    }

    @Test
    @DisplayName("S67 a court order for the status's categories needs one for substance use too; then no notice")
    void s67Part2StatusUnderCourtOrders() {
        world.engine.record(LegalAuthority.courtOrder("co-1", FAMILY, "court-juvenile-3", "JV-2026-118",
                new AuthorityScope(Set.of(CHILD), Set.of(CW.id()), STATUS, Set.of(Purpose.REFERRAL), THIS_YEAR),
                false));
        assertWithheld(status(SUD, CHILD), Category.SERVICE, ReasonCode.NO_CONSENT);
        world.engine.record(LegalAuthority.courtOrder("co-2", FAMILY, "court-juvenile-3", "JV-2026-119",
                new AuthorityScope(Set.of(CHILD), Set.of(CW.id()), Set.of(Category.SUBSTANCE_USE),
                        Set.of(Purpose.REFERRAL), THIS_YEAR), false));
        ConsentDecision d = status(SUD, CHILD);
        assertOutcome(PERMIT, d);
        assertEquals(List.of("co-1", "co-2"), d.bases().authorities());
        d.granted().forEach(g -> assertEquals(List.of("mou-cw-sud", "co-1", "co-2"), g.bases()));
        assertEquals(Optional.empty(), d.handling().notice(), "not under consent");
        assertTrue(d.handling().redisclosureProhibited());
    }

    @Test
    @DisplayName("S68 break-glass releases a Part 2 program's status only if it covers substance use too, for review")
    void s68Part2StatusUnderEmergency() {
        Period hours = Period.between(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));
        Actor officer = new Actor("user-9", Set.of(Actor.EMERGENCY_ROLE));
        world.engine.declare(EmergencyAccess.declare("em-1", FAMILY, officer, "child missing from placement",
                new AuthorityScope(Set.of(CHILD), Set.of(CW.id()), STATUS, Set.of(Purpose.REFERRAL), hours)));
        assertWithheld(status(SUD, CHILD), Category.SERVICE, ReasonCode.NO_CONSENT);
        world.engine.declare(EmergencyAccess.declare("em-2", FAMILY, officer, "child missing from placement",
                new AuthorityScope(Set.of(CHILD), Set.of(CW.id()), with(STATUS, Category.SUBSTANCE_USE),
                        Set.of(Purpose.REFERRAL), hours)));
        ConsentDecision d = status(SUD, CHILD);
        assertOutcome(PERMIT, d);
        assertTrue(d.handling().reviewRequired());
        assertTrue(d.bases().rules().contains(Rule.EMERGENCY_REVIEW.id()));
    }

    @Test
    @DisplayName("S69 a jurisdiction may name more kinds of partner as Part 2 programs: their statuses need it too")
    void s69MoreKindsOfPart2Program() {
        ConsentWorld other = new ConsentWorld(Jurisdiction.builder("us-other", "1")
                .part2Programs(EnumSet.of(PartnerKind.SUBSTANCE_USE_TREATMENT, PartnerKind.MENTAL_HEALTH)).build());
        other.with(statusPermit("d-1").build());
        ConsentDecision d = other.engine.decide(request(MessageType.REFERRAL_STATUS, IN_PROGRESS, MH, CW,
                Purpose.REFERRAL, CHILD));
        assertOutcome(DENY, d);
        assertWithheld(d, Category.SERVICE, ReasonCode.NO_CONSENT);
        assertTrue(d.bases().rules().contains(Rule.PART2_PROGRAM_RECORD.id()));
    }

    @Test
    @DisplayName("S70 the agreement stays a ceiling per category: substance use only if the message carries it")
    void s70Part2AgreementCeilingPerCategory() {
        world.engine.record(new Agreement("mou-sud-housing", Set.of(SUD.id(), HOUSING.id()), Set.of(Purpose.REFERRAL),
                Set.of(MessageType.REFERRAL_STATUS), STATUS, THIS_YEAR));
        world.with(statusPermit("d-1").recipients(Recipients.named(HOUSING.id()))
                .categories(with(STATUS, Category.SUBSTANCE_USE)).build());
        ConsentDecision d = world.engine.decide(request(MessageType.REFERRAL_STATUS, IN_PROGRESS, SUD, HOUSING,
                Purpose.REFERRAL, CHILD));
        assertOutcome(PERMIT, d);
        assertTrue(d.handling().notice().isPresent());
        String withSummary = IN_PROGRESS.replace("}", ",\"clinicalSummary\":{\"substanceUse\":\"weekly group\"}}");
        ConsentDecision summary = world.engine.decide(request(MessageType.REFERRAL_STATUS, withSummary, SUD, HOUSING,
                Purpose.REFERRAL, CHILD));
        assertOutcome(REDACT, summary);
        assertWithheld(summary, Category.SUBSTANCE_USE, ReasonCode.NOT_IN_AGREEMENT);
        assertGranted(summary, Category.ADMINISTRATIVE, Category.SERVICE);
    }
}
