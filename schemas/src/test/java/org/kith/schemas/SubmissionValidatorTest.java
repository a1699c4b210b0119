package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionValidatorTest {

    private static final String REFERRAL = """
            {"specversion":"1.0","id":"evt-1","source":"county-cw","type":"org.kith.referral.v1","subject":"R-1",
             "time":"2026-11-20T14:05:00Z","familyid":"F-1001","purpose":"referral","recipients":"clinic",
             "datacontenttype":"application/json",
             "data":{"referralId":"R-1","serviceType":"mental-health","urgency":"routine",
                     "reason":"Assessment requested","persons":[{"personId":"P-1","role":"child","birthDate":"2015-04-02"}]}}
            """;

    private final SubmissionValidator validator = new SubmissionValidator();

    private ValidationResult validate(String json) {
        return validator.validate(json.getBytes(StandardCharsets.UTF_8));
    }

    private List<Violation> violations(String json) {
        return assertInstanceOf(ValidationResult.Invalid.class, validate(json)).violations();
    }

    @Test
    void aValidReferralBindsToASubmission() {
        var valid = assertInstanceOf(ValidationResult.Valid.class, validate(REFERRAL));
        assertEquals("F-1001", valid.submission().familyid());
        assertEquals(List.of("clinic"), valid.submission().recipients());
        assertEquals(MessageType.REFERRAL, valid.submission().type());
        assertEquals(Purpose.REFERRAL, valid.submission().purpose());
        assertEquals("evt-1", valid.submission().id());
        assertEquals(java.util.Optional.of("R-1"), valid.submission().subject());
    }

    @Test
    void malformedJsonIsRefusedWithItsPositionAndNotItsContent() {
        var v = violations("{\"type\": \"org.kith.referral.v1\", \"secret-name\" Jane}");
        assertEquals(1, v.size());
        assertTrue(v.get(0).message().startsWith("not well-formed JSON at line 1"), v.get(0).message());
        assertTrue(!v.get(0).message().contains("Jane"), v.get(0).message());
    }

    @Test
    void duplicateKeysAreRefused() {
        var v = violations("{\"type\":\"org.kith.referral.v1\",\"type\":\"org.kith.referral.v1\"}");
        assertTrue(v.get(0).message().startsWith("not well-formed JSON"));
    }

    @Test
    void excessiveNestingIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        var v = violations(REFERRAL.replace("\"reason\":", "\"x\":" + deep + ",\"reason\":"));
        assertTrue(v.get(0).message().contains("nesting depth"), v.get(0).message());
    }

    @Test
    void everyViolationIsListedWithItsPointer() {
        var v = violations(REFERRAL.replace("\"specversion\"", "\"extra\":1,\"specversion\""));
        assertEquals(List.of(""), v.stream().map(Violation::pointer).toList(), "the object holding it, not its name: " + v);
        assertEquals("https://schemas.kith.org/v1/envelope.schema.json#/additionalProperties", v.get(0).schema());
        var data = violations(REFERRAL.replace("mental-health", "astrology").replace("2015-04-02", "soon"));
        assertEquals(List.of("/data/persons/0/birthDate", "/data/serviceType"),
                data.stream().map(Violation::pointer).sorted().toList(), data.toString());
    }

    @Test
    void recipientsMayBeLeftToTheRoutingRulesButNotGivenEmpty() {
        assertInstanceOf(ValidationResult.Valid.class, validate(REFERRAL.replace("\"recipients\":\"clinic\",", "")));
        var empty = violations(REFERRAL.replace("\"recipients\":\"clinic\"", "\"recipients\":\"\""));
        assertEquals(List.of("/recipients"), empty.stream().map(Violation::pointer).toList(), empty.toString());
    }

    @Test
    void thePurposeMustBeOneTheTypeServes() {
        var v = violations(REFERRAL.replace("\"purpose\":\"referral\"", "\"purpose\":\"court-proceeding\""));
        assertEquals(List.of("/purpose"), v.stream().map(Violation::pointer).toList(), v.toString());
    }

    @Test
    void aForeignDataschemaIsRefused() {
        var v = violations(REFERRAL.replace("\"familyid\"", "\"dataschema\":\"https://example.org/x.json\",\"familyid\""));
        assertEquals(List.of("/dataschema"), v.stream().map(Violation::pointer).toList(), v.toString());
    }

    @Test
    void unknownTypeIsRefused() {
        var v = violations(REFERRAL.replace("org.kith.referral.v1", "org.kith.horoscope.v1"));
        assertEquals(List.of(new Violation("/type", "unknown message type")), v);
    }

    @Test
    void oversizedDocumentIsRefusedBeforeParsing() {
        var v = violations("{\"pad\":\"" + "x".repeat(Json.MAX_DOCUMENT_BYTES) + "\"}");
        assertTrue(v.get(0).message().contains("larger than"));
    }

    @Test
    void aCapacityReportIsCheckedAgainstItsOwnSchema() throws Exception {
        var good = Json.mapper().readTree("""
                {"serviceType":"substance-use-treatment","status":"waitlist","estimatedWaitDays":21,
                 "areas":["north-county"],"asOf":"2026-11-20T08:00:00Z"}""");
        assertEquals(List.of(), validator.validateCapacity(good));
        var bad = Json.mapper().readTree("""
                {"serviceType":"astrology","status":"open","asOf":"yesterday","patients":3}""");
        assertEquals(List.of("", "/asOf", "/serviceType", "/status"),
                validator.validateCapacity(bad).stream().map(Violation::pointer).sorted().toList());
    }
}
