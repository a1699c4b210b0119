package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageContractTest {

    private final MessageContract referral = Contracts.get().of(MessageType.REFERRAL);

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void everyNodeGetsItsOwnOrItsParentsCategory() throws Exception {
        JsonNode data = json("""
                {"referralId":"R-1","serviceType":"mental-health","reason":"r",
                 "persons":[{"personId":"P-1","role":"child","demographics":{"primaryLanguage":"es"}}],
                 "familyContact":{"phone":"+1 555 0100","safetyPreferences":["no-voicemail"]},
                 "history":{"substanceUse":"in treatment"}}
                """);
        Map<String, Optional<Category>> byPointer = referral.classify(data).stream()
                .collect(Collectors.toMap(ClassifiedField::pointer, ClassifiedField::category));

        assertEquals(Optional.of(Category.ADMINISTRATIVE), byPointer.get("/referralId"));
        assertEquals(Optional.of(Category.IDENTITY), byPointer.get("/persons/0/personId"), "inherited from persons");
        assertEquals(Optional.of(Category.DEMOGRAPHICS), byPointer.get("/persons/0/demographics/primaryLanguage"));
        assertEquals(Optional.of(Category.CONTACT), byPointer.get("/familyContact/phone"));
        assertEquals(Optional.of(Category.SAFETY), byPointer.get("/familyContact/safetyPreferences/0"));
        assertEquals(Optional.of(Category.CASE_PLAN), byPointer.get("/history"));
        assertEquals(Optional.of(Category.SUBSTANCE_USE), byPointer.get("/history/substanceUse"));
    }

    @Test
    void aNodeTheSchemaDoesNotDescribeHasNoCategory() throws Exception {
        var fields = referral.classify(json("{\"referralId\":\"R-1\",\"smuggled\":{\"x\":1}}"));
        assertEquals(Optional.empty(), fields.stream().filter(f -> f.pointer().equals("/smuggled")).findFirst()
                .orElseThrow().category());
    }

    @Test
    void parentsComeBeforeTheirChildren() throws Exception {
        var pointers = referral.classify(json("{\"history\":{\"education\":\"e\"}}")).stream()
                .map(ClassifiedField::pointer).toList();
        assertEquals(java.util.List.of("/history", "/history/education"), pointers);
    }

    @Test
    void aNodeThatRequiresAFieldOfItsOwnCategoryIsAnchored() throws Exception {
        JsonNode data = json("""
                {"persons":[{"personId":"P-1","role":"child","demographics":{"gender":"female"}}],
                 "requester":{"name":"Case Worker"},
                 "familyContact":{"phone":"+1 555 0100","preferredLanguage":"es"},
                 "history":{"education":"e"}}
                """);
        Map<String, Boolean> anchored = referral.classify(data).stream()
                .collect(Collectors.toMap(ClassifiedField::pointer, ClassifiedField::anchored));

        assertTrue(anchored.get("/persons/0"), "a person requires its id and role, both identity");
        assertTrue(anchored.get("/requester"), "the requester requires its name, administrative like itself");
        assertEquals(false, anchored.get("/persons"), "an array requires nothing");
        assertEquals(false, anchored.get("/persons/0/demographics"));
        assertEquals(false, anchored.get("/familyContact"), "contact details require nothing: they only group");
        assertEquals(false, anchored.get("/history"));
        assertEquals(false, anchored.get("/familyContact/phone"));

        MessageContract placement = Contracts.get().of(MessageType.PLACEMENT_CHANGE);
        var newPlacement = placement.classify(json("{\"newPlacement\":{\"type\":\"kinship\"}}")).get(0);
        assertTrue(newPlacement.anchored(), "a placement requires its type, placement data like itself");
    }

    @Test
    void purposesAndCoreFieldsComeFromTheSchema() {
        assertTrue(referral.purposes().contains(Purpose.REFERRAL));
        assertEquals(java.util.List.of("/referralId", "/serviceType", "/persons"), referral.coreFields());
    }
}
