package org.kith.consent.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.kith.consent.engine.Bases;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.ConsentWorld;
import org.kith.consent.engine.DecisionHeader;
import org.kith.consent.engine.Grant;
import org.kith.consent.engine.Handling;
import org.kith.consent.engine.ReasonCode;
import org.kith.consent.engine.Rule;
import org.kith.consent.engine.Withheld;
import org.kith.schemas.Category;
import org.kith.schemas.ClassifiedField;
import org.kith.schemas.MessageContract;
import org.kith.schemas.MessageType;

/** Applying decisions to real referral payloads, apart from deciding. */
class RedactorTest {

    private static final MessageContract REFERRAL = ConsentWorld.contract(MessageType.REFERRAL);
    private static final DecisionHeader HEADER = new DecisionHeader("M-1", "F-1", "mh-clinic",
            Instant.parse("2026-11-23T12:00:00Z"), "test");
    private final Redactor redactor = new Redactor();

    /** A decision granting exactly {@code granted}, as the engine would shape it. */
    static ConsentDecision granting(Set<Category> granted) {
        List<Grant> grants = granted.stream().map(c -> new Grant(c, List.of("mou-1", "d-1"))).toList();
        List<Withheld> withheld = EnumSet.complementOf(EnumSet.copyOf(granted)).stream()
                .map(c -> new Withheld(Optional.of(c), ReasonCode.NO_CONSENT, List.of())).toList();
        Bases bases = new Bases(List.of("d-1"), List.of(), List.of("mou-1"), List.of());
        Handling handling = new Handling(true, Optional.empty(), false);
        return withheld.isEmpty() ? new ConsentDecision.Permit(HEADER, grants, bases, handling)
                : new ConsentDecision.Redact(HEADER, grants, withheld, bases, handling);
    }

    @Test
    void nodesInsideArrayElementsGoOuterMostFirstAndTheOriginalIsUntouched() {
        JsonNode data = ConsentWorld.json("""
                {"referralId":"R-1","serviceType":"housing","reason":"r",
                 "persons":[{"personId":"P-1","role":"parent","demographics":{"gender":"female"}},
                            {"personId":"P-2","role":"child","demographics":{"primaryLanguage":"es"}}],
                 "familyContact":{"phone":"+1 555 0100","safetyPreferences":["no-voicemail","no-mail"]}}
                """);
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class, redactor.apply(
                granting(EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY, Category.CONTACT)),
                REFERRAL, data));
        assertEquals(List.of("/persons/0/demographics", "/persons/1/demographics", "/familyContact/safetyPreferences"),
                copy.removedPointers());
        assertEquals("P-2", copy.data().at("/persons/1/personId").asText());
        assertTrue(copy.data().at("/persons/1/demographics").isMissingNode());
        assertEquals("+1 555 0100", copy.data().at("/familyContact/phone").asText());
        assertEquals(2, data.at("/familyContact/safetyPreferences").size(), "the original is never touched");
    }

    @Test
    void aDenialYieldsNoCopy() {
        ConsentDecision deny = new ConsentDecision.Deny(HEADER,
                List.of(new Withheld(Optional.of(Category.IDENTITY), ReasonCode.NO_CONSENT, List.of())), Bases.NONE);
        assertEquals(new RedactionResult.NotSent(List.of(), (ConsentDecision.Deny) deny),
                redactor.apply(deny, REFERRAL, ConsentWorld.json(ConsentWorld.MINIMAL_REFERRAL)));
    }

    @Test
    void aCopyThatWouldLoseACoreFieldIsNotSentEvenIfTheDecisionSaidRedact() {
        RedactionResult result = redactor.apply(granting(EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE)),
                REFERRAL, ConsentWorld.json(ConsentWorld.MINIMAL_REFERRAL));
        RedactionResult.NotSent notSent = assertInstanceOf(RedactionResult.NotSent.class, result);
        assertEquals(List.of("/persons"), notSent.missingCoreFields());
        assertEquals(Set.of(), notSent.disclosed());
        assertEquals(ReasonCode.CORE_FIELD_WITHHELD, withheld(notSent.decision(), Category.SERVICE).reason(),
                "what would have gone is withheld for the core field, in the decision the ledger records");
    }

    // ------------------------------------------------------------ nested categories

    @Test
    void aPermittedValueInsideAWithheldContainerGoesInAShellOfIt() {
        JsonNode data = ConsentWorld.json(ConsentWorld.FULL_REFERRAL);
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class, redactor.apply(granting(EnumSet.of(
                Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY, Category.DEMOGRAPHICS,
                Category.BEHAVIORAL_HEALTH)), REFERRAL, data));

        assertEquals(ConsentWorld.json("""
                {"address":{"area":"North"},"preferredLanguage":"es"}"""), copy.data().get("familyContact"),
                "the contact details are withheld, the language and the service area the family agreed to share are not");
        assertEquals(ConsentWorld.json("{\"behavioralHealth\":\"anxiety\"}"), copy.data().get("history"));
        assertEquals("es", copy.data().at("/persons/0/demographics/primaryLanguage").asText());
        assertTrue(copy.removedPointers().containsAll(List.of("/familyContact/phone", "/familyContact/address/line",
                "/familyContact/safetyPreferences", "/history/substanceUse", "/safetyConcerns")), copy.removedPointers()::toString);
        assertFalse(copy.removedPointers().contains("/familyContact"), "a shell is not removed");
        assertEquals(EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY, Category.DEMOGRAPHICS,
                Category.BEHAVIORAL_HEALTH), copy.disclosed());
        assertEquals(CarriedCategories.of(REFERRAL, copy.data()), copy.disclosed());
        assertTrue(copy.decision().withheld().stream().noneMatch(w -> w.reason() == ReasonCode.CONTAINER_WITHHELD));
    }

    @Test
    void aPermittedValueInsideAnAnchoredContainerIsWithheldWithItForItsOwnReason() {
        MessageContract casePlan = ConsentWorld.contract(MessageType.CASE_PLAN);
        JsonNode data = ConsentWorld.json("""
                {"planId":"CP-1","version":1,"status":"active","children":[{"personId":"P-C"}],
                 "visitation":[{"visitType":"parent-child","visitorPersonIds":["P-M"],"supervision":"supervised",
                                "safetyConditions":"staggered arrival"}],
                 "teamMembers":[{"role":"caseworker","name":"Case Worker","phone":"+1 555 0100"}]}
                """);
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class, redactor.apply(granting(EnumSet.of(
                Category.ADMINISTRATIVE, Category.IDENTITY, Category.SAFETY, Category.CONTACT)), casePlan, data));

        assertTrue(copy.data().at("/visitation").isMissingNode(),
                "safety conditions of a visit whose kind and supervision are withheld are about nothing");
        assertTrue(copy.data().at("/teamMembers").isMissingNode(), "a phone number without the member's role neither");
        assertEquals(EnumSet.of(Category.ADMINISTRATIVE, Category.IDENTITY), copy.disclosed(),
                "what the ledger lists as disclosed is what the copy carries");
        assertEquals(CarriedCategories.of(casePlan, copy.data()), copy.disclosed());
        Withheld safety = withheld(copy.decision(), Category.SAFETY);
        assertEquals(ReasonCode.CONTAINER_WITHHELD, safety.reason());
        assertEquals(List.of("/visitation/0"), safety.causes());
        assertEquals(ReasonCode.CONTAINER_WITHHELD, withheld(copy.decision(), Category.CONTACT).reason());
        assertEquals(ReasonCode.CONTAINER_WITHHELD, withheld(copy.decision(), Category.IDENTITY).reason(),
                "some identity went (the children), some went with its visit: both are said");
        assertTrue(copy.decision().bases().rules().contains(Rule.NESTED_CATEGORIES.id()));
        assertTrue(copy.decision().explanation().contains("safety because it sits inside information that was withheld"),
                copy.decision()::explanation);
    }

    @Test
    void aContainerLeftEmptyByRedactionIsNotSent() {
        JsonNode data = ConsentWorld.json(ConsentWorld.MINIMAL_REFERRAL.replace("\"reason\"",
                "\"history\":{\"education\":\"chronic absence\"},\"reason\""));
        RedactionResult.Copy copy = assertInstanceOf(RedactionResult.Copy.class, redactor.apply(granting(EnumSet.of(
                Category.ADMINISTRATIVE, Category.SERVICE, Category.IDENTITY, Category.CASE_PLAN)), REFERRAL, data));
        assertTrue(copy.data().at("/history").isMissingNode(), "an empty history would say something was withheld");
        assertEquals(List.of("/history"), copy.removedPointers());
        assertFalse(copy.disclosed().contains(Category.CASE_PLAN));
    }

    private static Withheld withheld(ConsentDecision decision, Category category) {
        return decision.withheld().stream().filter(w -> w.category().equals(Optional.of(category))
                        && (w.reason() == ReasonCode.CONTAINER_WITHHELD || w.reason() == ReasonCode.CORE_FIELD_WITHHELD))
                .findFirst().orElseThrow(() -> new AssertionError(category + " not withheld: " + decision.explanation()));
    }

    @Provide
    Arbitrary<Set<Category>> grants() {
        return Arbitraries.of(Category.class).set().ofMinSize(1).map(s -> {
            EnumSet<Category> all = EnumSet.copyOf(s);
            if (all.size() == Category.values().length) {
                all.remove(Category.SAFETY);
            }
            return all;
        });
    }

    @Property(tries = 200)
    void aCopyHoldsOnlyGrantedCategoriesAndEveryCoreField(@ForAll("grants") Set<Category> granted) {
        JsonNode data = ConsentWorld.json(ConsentWorld.FULL_REFERRAL.replace("\"reason\"", "\"extra\":1,\"reason\""));
        RedactionResult result = redactor.apply(granting(granted), REFERRAL, data);
        if (result instanceof RedactionResult.Copy copy) {
            for (ClassifiedField field : REFERRAL.classify(copy.data())) {
                assertTrue(field.category().isPresent(), () -> field.pointer() + " survived without a category");
                boolean value = copy.data().at(field.pointer()).size() == 0;
                assertTrue(!value || granted.contains(field.category().get()),
                        () -> field.pointer() + " survived without its category being granted");
            }
            assertEquals(CarriedCategories.of(REFERRAL, copy.data()), copy.disclosed());
            REFERRAL.coreFields().forEach(core -> assertFalse(copy.data().at(core).isMissingNode(), core));
            assertTrue(copy.removedPointers().contains("/extra"));
        } else {
            RedactionResult.NotSent notSent = assertInstanceOf(RedactionResult.NotSent.class, result);
            assertFalse(notSent.missingCoreFields().isEmpty());
        }
    }
}
