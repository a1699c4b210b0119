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
    void theEnvelopesViolationsAndTheDatasComeInOneAnswer() {
        var v = violations(REFERRAL.replace("\"recipients\":\"clinic\"", "\"recipients\":\"\"")
                .replace("\"purpose\":\"referral\"", "\"purpose\":\"court-proceeding\"")
                .replace("mental-health", "astrology").replace("2015-04-02", "soon"));
        assertEquals(List.of("/data/persons/0/birthDate", "/data/serviceType", "/purpose", "/recipients"),
                v.stream().map(Violation::pointer).sorted().toList(), v.toString());
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

    @Test
    void aNumberNoDoubleHoldsIsAViolationAtItsPointerWhereverItIs() {
        for (String number : List.of("1e999999", "-1e999999", "1e-999999", "9".repeat(400))) {
            var v = violations(REFERRAL.replace("\"routine\"", number));
            assertEquals(List.of("/data/urgency"), v.stream().map(Violation::pointer).toList(), number + ": " + v);
            assertEquals(List.of("/time"), violations(REFERRAL.replace("\"2026-11-20T14:05:00Z\"", number)).stream()
                    .map(Violation::pointer).toList(), number);
        }
        assertTrue(violations(REFERRAL.replace("\"routine\"", "1e9999999999")).get(0).message().startsWith("not well-formed"));
    }

    @Test
    void bytesThatAreNotCanonicalUtf8AreRefusedWithTheirReason() {
        byte[] referral = REFERRAL.getBytes(StandardCharsets.UTF_8);
        int at = REFERRAL.indexOf("Assessment");
        assertEquals("not-utf8", reason(splice(referral, at, (byte) 0xC0, (byte) 0xAF)), "an overlong '/'");
        assertEquals("not-utf8", reason(splice(referral, at, (byte) 0xE0, (byte) 0x80, (byte) 0xAF)), "an overlong form");
        assertEquals("lone-surrogate", reason(splice(referral, at, (byte) 0xED, (byte) 0xA0, (byte) 0x80)), "U+D800 encoded");
        assertEquals("lone-surrogate", reason(REFERRAL.replace("Assessment", "\\ud800Assessment").getBytes(StandardCharsets.UTF_8)));
        assertEquals("bom", reason(splice(referral, 0, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF)));
        assertInstanceOf(ValidationResult.Valid.class,
                validate(REFERRAL.replace("Assessment", "\\ud83d\\ude00 Assessment \u00e9")), "a pair is a character");
    }

    @Test
    void noViolationRepeatsAnUndeclaredNameOrAValue() {
        String person = "JaneQuincyDoe";
        var v = new java.util.ArrayList<>(violations(REFERRAL.replace("\"urgency\"", "\"" + person + "\": \"" + person
                + "\", \"urgency\"").replace("\"mental-health\"", "\"" + person + "\"").replace("2015-04-02", person)));
        v.addAll(violations(REFERRAL.replace("\"specversion\"", "\"" + person + "\": 1, \"specversion\"")));
        assertEquals(List.of("", "/data", "/data/persons/0/birthDate", "/data/serviceType"),
                v.stream().map(Violation::pointer).sorted().toList(), v.toString());
        v.forEach(violation -> assertTrue(!violation.toString().contains(person), violation.toString()));
        assertTrue(v.stream().allMatch(violation -> violation.schema().startsWith("https://schemas.kith.org/v1/")), v.toString());
    }

    private String reason(byte[] document) {
        return assertInstanceOf(ValidationResult.Invalid.class, validator.validate(document)).reason();
    }

    private static byte[] splice(byte[] bytes, int at, byte... inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }
}
