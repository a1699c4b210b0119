package org.kith.hub.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.kith.schemas.Json;
import org.kith.schemas.Violation;

/** A malformed or contradictory configuration object is refused with the pointer of each fault. */
class ConfigValidationTest {

    private static final Predicate<String> KNOWN = Set.of("county-cw", "riverside-clinic")::contains;
    private static final String AGREEMENT = """
            {"id": "MOU-1", "parties": ["county-cw", "riverside-clinic"], "purposes": ["referral"],
             "messageTypes": ["referral"], "categories": ["service"], "effective": "2026-01-01", "expires": "2027-12-31"}""";

    @Test
    void aSoundAgreementRuleAndStatutePass() {
        assertEquals(List.of(), check(ConfigKind.AGREEMENT, AGREEMENT));
        assertEquals(List.of(), check(ConfigKind.ROUTING_RULE,
                "{\"id\": \"RR-1\", \"messageTypes\": [\"referral\"], \"to\": [\"riverside-clinic\"]}"));
        assertEquals(List.of(), check(ConfigKind.STATUTE_RULE, """
                {"id": "statute:x", "citation": "20 U.S.C. 1232g", "senderKinds": ["school"],
                 "recipientKinds": ["child-welfare"], "categories": ["education"], "purposes": ["case-planning"]}"""));
    }

    @Test
    void eachFaultIsNamedByItsPointer() {
        assertEquals(List.of("/expires"), pointers(check(ConfigKind.AGREEMENT,
                AGREEMENT.replace("\"2027-12-31\"", "\"2025-12-31\""))));
        assertEquals(List.of("/parties/1"), pointers(check(ConfigKind.AGREEMENT,
                AGREEMENT.replace("\"riverside-clinic\"", "\"nobody\""))));
        assertEquals(List.of("/parties"), pointers(check(ConfigKind.AGREEMENT,
                AGREEMENT.replace(", \"riverside-clinic\"", ""))));
        assertEquals(List.of("/purposes"), pointers(check(ConfigKind.AGREEMENT,
                AGREEMENT.replace("\"purposes\": [\"referral\"]", "\"purposes\": []"))));
        assertEquals(List.of("/categories/0"), pointers(check(ConfigKind.AGREEMENT,
                AGREEMENT.replace("\"service\"", "\"gossip\""))), "an unknown category, by its index");
        assertEquals(List.of("/id"), pointers(check(ConfigKind.AGREEMENT, AGREEMENT.replace("MOU-1", "MOU 1"))));
        assertEquals(List.of("/to/0"), pointers(check(ConfigKind.ROUTING_RULE,
                "{\"id\": \"RR-1\", \"to\": [\"nobody\"]}")));
        assertEquals(List.of("/to"), pointers(check(ConfigKind.ROUTING_RULE, "{\"id\": \"RR-1\"}")));
        assertEquals(List.of("/where/0/pointer"), pointers(check(ConfigKind.ROUTING_RULE,
                "{\"id\": \"RR-1\", \"to\": [\"county-cw\"], \"where\": [{\"pointer\": \"planId\", \"equals\": \"P\"}]}")));
        assertTrue(pointers(check(ConfigKind.STATUTE_RULE, """
                {"id": "statute:x", "citation": " ", "senderKinds": ["school"], "recipientKinds": ["child-welfare"],
                 "categories": ["education"], "purposes": ["case-planning"]}""")).contains("/citation"));
    }

    @Test
    void anAgreementListsItsMeasureAreasAsCodes() {
        assertEquals(List.of(), check(ConfigKind.AGREEMENT, withAreas("\"north-county\", \"south-county\"")));
        assertEquals(List.of("/measureAreas/1"), pointers(check(ConfigKind.AGREEMENT,
                withAreas("\"north-county\", \"North County\""))), "a free-text area is no code");
        assertEquals(List.of("/measureAreas/0"), pointers(check(ConfigKind.AGREEMENT, withAreas("\"other\""))),
                "a word the measures use");
        assertEquals(List.of("/measureAreas/1"), pointers(check(ConfigKind.AGREEMENT,
                withAreas("\"north-county\", \"north-county\""))));
        assertEquals(List.of("/measureAreas"), pointers(check(ConfigKind.AGREEMENT,
                AGREEMENT.replace("}", ", \"measureAreas\": \"north-county\"}"))));
        assertEquals(Set.of("north-county"), ConfigCodec.measureAreas(read(withAreas("\"north-county\""))));
    }

    private static String withAreas(String codes) {
        return AGREEMENT.replace("}", ", \"measureAreas\": [" + codes + "]}");
    }

    @Test
    void aViolationNamesTheMemberAndTheRuleNeverTheValue() {
        String person = "JaneDoeSmith";
        List<Violation> found = new java.util.ArrayList<>();
        found.addAll(check(ConfigKind.AGREEMENT, AGREEMENT.replace("\"purposes\": [\"referral\"]",
                "\"purposes\": [\"" + person + "\"]")));
        found.addAll(check(ConfigKind.AGREEMENT, AGREEMENT.replace("\"2026-01-01\"", "\"" + person + "\"")));
        found.addAll(check(ConfigKind.STATUTE_RULE, """
                {"id": "statute:x", "citation": "20 U.S.C. 1232g", "senderKinds": ["%s"],
                 "recipientKinds": ["child-welfare"], "categories": ["education"], "purposes": ["case-planning"]}"""
                .formatted(person)));
        found.addAll(check(ConfigKind.ROUTING_RULE, "{\"id\": \"RR-1\", \"messageTypes\": [\"" + person
                + "\"], \"to\": [\"county-cw\"]}"));
        found.addAll(check(ConfigKind.ROUTING_RULE, "{\"id\": \"RR-1\", \"to\": [\"county-cw\"], \"choose\": \""
                + person + "\"}"));
        assertEquals(List.of("/purposes/0", "/effective", "/senderKinds/0", "/messageTypes/0", ""), pointers(found));
        found.forEach(v -> assertTrue(!v.message().contains(person) && !v.pointer().contains(person), v.toString()));
    }

    @Test
    void aNumberTheLedgerCannotCanonicaliseIsRefusedNotWrittenIntoIt() {
        // the object goes into the ledger's admin-change record as it is: a fraction there stopped the core
        String rule = "{\"id\": \"RR-1\", \"to\": [\"county-cw\"], \"where\": [{\"pointer\": \"/x\", \"equals\": %s}]}";
        for (String number : List.of("1.5", "1.0", "1e2", "9007199254740992", "-1e999999")) {
            assertEquals(List.of("/where/0/equals"), pointers(check(ConfigKind.ROUTING_RULE, rule.formatted(number))), number);
        }
        assertEquals(List.of("/where/0/equals"), pointers(check(ConfigKind.ROUTING_RULE,
                rule.formatted("{\"JaneDoeSmith\": 0.5}"))), "at a member the format does not know, the pointer stops");
        assertEquals(List.of(), check(ConfigKind.ROUTING_RULE, rule.formatted("42")));
    }

    @Test
    void aFileWithOneBadEntryIsRefusedWhole() throws Exception {
        JsonNode file = Json.mapper().readTree("{\"agreements\": [" + AGREEMENT + ", "
                + AGREEMENT.replace("MOU-1", "MOU-2").replace("\"riverside-clinic\"", "\"nobody\"") + "]}");
        var refused = assertThrows(IllegalArgumentException.class, () -> ConfigPublisher.entries(file, KNOWN));
        assertTrue(refused.getMessage().contains("/agreements/1/parties/1"), refused.getMessage());
        assertEquals(1, ConfigPublisher.entries(Json.mapper().readTree("{\"agreements\": [" + AGREEMENT + "]}"), KNOWN)
                .size());
    }

    private static List<Violation> check(ConfigKind kind, String json) {
        return ConfigValidation.check(kind, read(json), KNOWN);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> pointers(List<Violation> violations) {
        return violations.stream().map(Violation::pointer).toList();
    }
}
