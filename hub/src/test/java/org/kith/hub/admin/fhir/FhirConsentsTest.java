package org.kith.hub.admin.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kith.schemas.Examples;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;

/** Directives to FHIR R4 Consent and back: the examples survive, the output is a Consent, bad imports are refused. */
class FhirConsentsTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final SubmissionValidator VALIDATOR = new SubmissionValidator();

    private static Stream<Examples.Example> validDirectives() {
        return Examples.all().stream().filter(e -> e.valid() && e.type() == MessageType.CONSENT_DIRECTIVE);
    }

    private static JsonNode part2() {
        return Examples.all().stream().filter(e -> e.file().endsWith("valid-part2-to-agency-and-court.json"))
                .findFirst().orElseThrow().json().get("data");
    }

    private static void assertValid(JsonNode data) {
        assertEquals(List.of(), VALIDATOR.validateData(MessageType.CONSENT_DIRECTIVE, Purpose.CONSENT_MANAGEMENT, data));
    }

    /** The part 2 example as a Consent, changed by {@code change}, as JSON text again. */
    private static String part2Changed(Consumer<Consent> change) {
        Consent consent = FHIR.newJsonParser().parseResource(Consent.class,
                FhirConsents.toFhir("F-1001", part2(), Optional.empty()));
        change.accept(consent);
        return FHIR.newJsonParser().encodeResourceToString(consent);
    }

    private static String refusal(String consentJson) {
        return assertThrows(IllegalArgumentException.class, () -> FhirConsents.fromFhir(consentJson)).getMessage();
    }

    @TestFactory
    Stream<DynamicTest> everyValidExampleRoundTripsExactly() {
        assertTrue(validDirectives().count() >= 3);
        return validDirectives().map(example -> DynamicTest.dynamicTest(example.file(), () -> {
            JsonNode data = example.json().get("data");
            ObjectNode back = FhirConsents.fromFhir(FhirConsents.toFhir(example.json().get("familyid").asText(), data,
                    Optional.empty()));
            assertEquals(data, back);
            assertValid(back);
        }));
    }

    @Test
    void everyOptionalFieldRoundTrips() {
        ObjectNode data = part2().deepCopy();
        data.put("replaces", "CD-1001-00");
        data.withArray("subjects").add("F-1001-C1").add("F-1001-C2");
        ((ObjectNode) data.get("grantor")).put("capacity", "parent").put("relationship", "mother");
        data.putArray("recipientKinds").add("school").add("court");
        data.putArray("sourceKinds").add("mental-health");
        data.put("redisclosureAllowed", true);
        ((ObjectNode) data.get("recordedBy")).remove("partnerId");
        assertValid(data);
        assertEquals(data, FhirConsents.fromFhir(FhirConsents.toFhir("F-1001", data, Optional.empty())));
    }

    @Test
    void exportIsAConsentHapiReads() {
        Consent consent = FHIR.newJsonParser().parseResource(Consent.class,
                FhirConsents.toFhir("F-1001", part2(), Optional.empty()));
        assertEquals(Consent.ConsentState.ACTIVE, consent.getStatus());
        assertEquals("patient-privacy", consent.getScope().getCodingFirstRep().getCode());
        assertEquals("59284-0", consent.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals(Consent.ConsentProvisionType.PERMIT, consent.getProvision().getType());
        assertEquals("2026-11-10", consent.getProvision().getPeriod().getStartElement().getValueAsString());
        assertEquals("2027-11-09", consent.getProvision().getPeriod().getEndElement().getValueAsString());
        assertEquals(3, consent.getProvision().getActor().size(), "two recipients and one source");
        assertEquals(List.of("IRCP", "IRCP", "CST"), consent.getProvision().getActor().stream()
                .map(a -> a.getRole().getCodingFirstRep().getCode()).toList());
        assertEquals("F-1001-P1", consent.getPatient().getIdentifier().getValue());
        assertEquals("CD-1001-01", consent.getIdentifierFirstRep().getValue());
        assertEquals("F-1001", ((StringType) consent.getExtensionByUrl(FhirExtensions.url("familyId")).getValue())
                .getValue());
        assertEquals("CW-1040 rev. 2026-01 (42 CFR Part 2 consent), case file F-1001",
                consent.getSourceAttachment().getTitle());
        assertEquals("2026-11-10", consent.getDateTimeElement().getValueAsString());
        assertEquals(List.of("case-planning", "court-proceeding"),
                consent.getProvision().getPurpose().stream().map(Coding::getCode).toList());
        assertEquals(2, consent.getProvision().getModifierExtension().size(), "the two message types");
        assertFalse(consent.getSourceAttachment().hasHash(), "R4's hash is SHA-1; the SHA-256 has an extension");
    }

    @Test
    void aRevokedDirectiveIsInactiveAndSaysWhen() {
        Consent consent = FHIR.newJsonParser().parseResource(Consent.class,
                FhirConsents.toFhir("F-1001", part2(), Optional.of(Instant.parse("2027-01-05T09:00:00.123456789Z"))));
        assertEquals(Consent.ConsentState.INACTIVE, consent.getStatus());
        assertEquals("2027-01-05T09:00:00.123Z",
                consent.getExtensionByUrl(FhirExtensions.url("revokedAt")).getValue().primitiveValue());
    }

    @Test
    void bundleHasOneEntryPerDirective() {
        List<FhirConsents.Exported> directives = validDirectives()
                .map(e -> new FhirConsents.Exported(e.json().get("data"), Optional.<Instant>empty())).toList();
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, FhirConsents.bundle("F-1001",
                List.of(directives.get(0), new FhirConsents.Exported(part2(), Optional.of(Instant.EPOCH)),
                        directives.get(1))));
        assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
        assertEquals(3, bundle.getEntry().size());
        assertTrue(bundle.getEntry().stream().allMatch(e -> e.getResource() instanceof Consent));
        assertEquals(Consent.ConsentState.INACTIVE, ((Consent) bundle.getEntry().get(1).getResource()).getStatus());
    }

    @Test
    void exportRefusesDataTheSchemaRefuses() {
        JsonNode openEnded = Examples.all().stream().filter(e -> e.file().endsWith("invalid-open-ended-period.json"))
                .findFirst().orElseThrow().json().get("data");
        String message = assertThrows(IllegalArgumentException.class,
                () -> FhirConsents.toFhir("F-1001", openEnded, Optional.empty())).getMessage();
        assertTrue(message.contains("/period"), message);
    }

    @Test
    void aConsentFromAnotherSystemImports() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/fhir/consent-from-clinic.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode data = FhirConsents.fromFhir(json);
        assertValid(data);
        assertEquals("RC-2026-0301", data.get("directiveId").asText(), "its only identifier");
        assertEquals("permit", data.get("effect").asText());
        assertEquals("[\"F-3001-C1\"]", data.get("subjects").toString());
        assertEquals("{\"personId\":\"F-3001-P2\",\"name\":\"Sam Okafor\",\"capacity\":\"parent\","
                + "\"relationship\":\"father\"}", data.get("grantor").toString());
        assertEquals("[\"county-cw\"]", data.get("recipients").toString(), "PRCP is a recipient");
        assertEquals("[\"riverside-clinic\"]", data.get("sources").toString());
        assertEquals("{\"from\":\"2026-03-01\",\"to\":\"2027-02-28\"}", data.get("period").toString());
        assertEquals("2026-03-01", data.at("/evidence/signedOn").asText(), "the day as the clinic wrote it");
        assertEquals("written-signature", data.at("/evidence/method").asText());
        assertEquals("[\"service\",\"behavioral-health\",\"identity\",\"administrative\"]",
                data.get("categories").toString());
        assertFalse(data.has("recordedBy"));
    }

    @Test
    void refusesWhatIsNotJson() {
        assertEquals("not well-formed JSON, or over the parsing limits", refusal("{\"resourceType\": \"Consent\","));
        assertTrue(refusal("[]").contains("JSON object"));
    }

    @Test
    void refusesAResourceThatIsNotAConsent() {
        Patient patient = new Patient();
        patient.addName().setFamily("Whitfield");
        String message = refusal(FHIR.newJsonParser().encodeResourceToString(patient));
        assertEquals("resourceType must be Consent", message);
    }

    @Test
    void refusesAConsentWithoutAnEndDate() {
        String message = refusal(part2Changed(c -> c.getProvision().getPeriod().setEndElement(null)));
        assertEquals("Consent.provision.period.end is required", message);
        assertEquals("Consent.provision.period.end must be a full date",
                refusal(part2Changed(c -> c.getProvision().getPeriod().getEndElement().setValueAsString("2027-11"))));
    }

    @Test
    void refusesAnUnknownPurpose() {
        String message = refusal(part2Changed(c -> c.getProvision().getPurpose().get(1).setCode("marketing")));
        assertEquals("Consent.provision.purpose[1] is not a Kith purpose (system urn:kith:purpose)", message);
        assertTrue(refusal(part2Changed(c -> c.getProvision().getPurpose().get(0)
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActReason").setCode("TREAT")))
                .startsWith("Consent.provision.purpose[0] "));
    }

    @Test
    void refusesAnUnknownCategory() {
        String message = refusal(part2Changed(c -> c.getProvision().getClass_().get(2).setCode("financial")));
        assertEquals("Consent.provision.class[2] is not a Kith category (system urn:kith:category)", message);
        assertTrue(refusal(part2Changed(c -> c.getProvision().addSecurityLabel(new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null)))).startsWith("Consent.provision.securityLabel"));
    }

    @Test
    void refusesWhatWouldChangeTheRuleIfDropped() {
        assertTrue(refusal(part2Changed(c -> c.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY)))
                .startsWith("Consent.provision.provision"));
        assertTrue(refusal(part2Changed(c -> c.addModifierExtension(new Extension("http://example.org/only-on-weekdays",
                new StringType("yes"))))).startsWith("Consent.modifierExtension"));
        assertEquals("Consent.status must be active",
                refusal(part2Changed(c -> c.setStatus(Consent.ConsentState.INACTIVE))));
        assertTrue(refusal(part2Changed(c -> c.getProvision().getActorFirstRep().getRole().getCodingFirstRep()
                .setCode("AUT"))).startsWith("Consent.provision.actor[0].role"));
    }

    @Test
    void messagesNameTheElementNeverThePerson() {
        String noPatient = refusal(part2Changed(c -> c.getPatient().getIdentifier().setSystem("http://example.org/mrn")));
        assertEquals("Consent.patient.identifier with system urn:kith:person and a value is required", noPatient);
        String badGrantor = refusal(part2Changed(c -> c.getPerformerFirstRep().getIdentifier().setValue("not an id!")));
        assertTrue(badGrantor.startsWith("Consent.performer: "), badGrantor);
        String unparsable = refusal(part2Changed(c -> { }).replace("\"2026-11-10\"", "\"Dana Whitfield\""));
        assertTrue(unparsable.startsWith("not a valid FHIR R4 Consent"), unparsable);
        for (String message : List.of(noPatient, badGrantor, unparsable)) {
            assertFalse(message.contains("F-1001") || message.contains("Whitfield") || message.contains("not an id"),
                    message);
        }
    }

    @Test
    void everyDirectiveFieldHasAFhirHome() {
        JsonNode properties = schemaProperties();
        properties.fieldNames().forEachRemaining(field ->
                assertTrue(FhirConsents.HOMES.containsKey("/" + field), field));
        properties.at("/evidence/properties").fieldNames().forEachRemaining(field ->
                assertTrue(FhirConsents.HOMES.containsKey("/evidence/" + field), field));
    }

    private static JsonNode schemaProperties() {
        try (InputStream in = SubmissionValidator.class.getClassLoader()
                .getResourceAsStream("org/kith/schemas/v1/consent-directive.schema.json")) {
            return org.kith.schemas.Json.mapper().readTree(in).get("properties");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
