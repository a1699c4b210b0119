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
        assertEquals(new RedactionResult.NotSent(List.of()),
                redactor.apply(deny, REFERRAL, ConsentWorld.json(ConsentWorld.MINIMAL_REFERRAL)));
    }

    @Test
    void aCopyThatWouldLoseACoreFieldIsNotSentEvenIfTheDecisionSaidRedact() {
        RedactionResult result = redactor.apply(granting(EnumSet.of(Category.ADMINISTRATIVE, Category.SERVICE)),
                REFERRAL, ConsentWorld.json(ConsentWorld.MINIMAL_REFERRAL));
        assertEquals(new RedactionResult.NotSent(List.of("/persons")), result);
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
                assertTrue(field.category().isPresent() && granted.contains(field.category().get()),
                        () -> field.pointer() + " survived without its category being granted");
            }
            REFERRAL.coreFields().forEach(core -> assertFalse(copy.data().at(core).isMissingNode(), core));
            assertTrue(copy.removedPointers().contains("/extra"));
        } else {
            RedactionResult.NotSent notSent = assertInstanceOf(RedactionResult.NotSent.class, result);
            assertFalse(notSent.missingCoreFields().isEmpty());
        }
    }
}
