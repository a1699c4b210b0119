package org.kith.hub.admin.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kith.hub.testing.FhirValidation;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.Violation;

/**
 * The Consents the hub exports are valid by HAPI's validator against the R4 base profiles and the
 * StructureDefinitions the hub serves for its extensions; the HL7 R4 Consent examples are imported
 * or refused with every element that cannot be mapped named in one answer, each at its pointer.
 */
class HapiValidConsentsTest {

    private static final List<String> HL7_EXAMPLES = List.of("consent-example", "consent-example-notThis",
            "consent-example-notAuthor", "consent-example-notTime", "consent-example-notThem",
            "consent-example-notOrg", "consent-example-grantor");

    @BeforeAll
    static void theHubsDefinitionsAreKnownToTheValidator() {
        // as a FHIR client would fetch them from the hub: the JSON it serves, parsed
        FhirExtensions.ALL.forEach(d -> FhirValidation.register(ca.uhn.fhir.context.FhirContext.forR4Cached()
                .newJsonParser().parseResource(FhirExtensions.json(d.name()).orElseThrow())));
    }

    private static Stream<JsonNode> directives() {
        return Examples.all().stream().filter(e -> e.valid() && e.type() == MessageType.CONSENT_DIRECTIVE)
                .map(e -> e.json().get("data"));
    }

    private static String resource(String name) {
        try (InputStream in = HapiValidConsentsTest.class.getResourceAsStream("/fhir/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Violation> refusal(String consent) {
        return assertThrows(FhirConsents.ImportRefused.class, () -> FhirConsents.fromFhir(consent)).violations();
    }

    @TestFactory
    Stream<DynamicTest> everyExportedConsentIsValid() {
        return directives().map(data -> DynamicTest.dynamicTest(data.get("directiveId").asText(), () -> {
            FhirValidation.assertValid(FhirConsents.toFhir("F-1001", data, Optional.empty()));
            FhirValidation.assertValid(FhirConsents.toFhir("F-1001", data, Optional.of(Instant.parse("2027-01-05T09:00:00Z"))));
        }));
    }

    @Test
    void everyOptionalFieldExportsValid() {
        ObjectNode data = directives().filter(d -> d.has("recordedBy")).findFirst().orElseThrow().deepCopy();
        data.put("replaces", "CD-1001-00");
        data.withArray("subjects").add("F-1001-C1");
        ((ObjectNode) data.get("grantor")).put("capacity", "parent").put("relationship", "mother");
        data.putArray("recipientKinds").add("school");
        data.put("redisclosureAllowed", true);
        ((ObjectNode) data.get("evidence")).put("documentSha256", "a".repeat(64)).put("interpreterUsed", true)
                .put("explainedInLanguage", "es").putObject("witness").put("name", "A. Witness").put("role", "clerk");
        FhirValidation.assertValid(FhirConsents.toFhir("F-1001", data, Optional.empty()));
    }

    @Test
    void theExportedBundleIsValidWithAFullUrlOnEveryEntry() throws Exception {
        List<FhirConsents.Exported> all = directives().map(d -> new FhirConsents.Exported(d, Optional.<Instant>empty()))
                .toList();
        String bundle = FhirConsents.bundle("F-1001", all);
        FhirValidation.assertValid(bundle);
        JsonNode entries = Json.mapper().readTree(bundle).get("entry");
        assertEquals(all.size(), entries.size());
        entries.forEach(entry -> assertTrue(entry.path("fullUrl").asText().startsWith("urn:uuid:"), entry.toString()));
        assertEquals(bundle, FhirConsents.bundle("F-1001", all), "the same fullUrls on every export");
    }

    @Test
    void anUndefinedExtensionIsWhatTheValidatorCatches() {
        String export = FhirConsents.toFhir("F-1001", directives().findFirst().orElseThrow(), Optional.empty());
        List<String> errors = FhirValidation.errors(export.replace(FhirExtensions.BASE + "familyId",
                "urn:kith:fhir:extension:familyId"));
        assertFalse(errors.isEmpty(), "the URNs of before are not defined extensions");
    }

    @Test
    void theHl7ExampleIsRefusedWithEveryUnmappableElementInOneAnswer() {
        List<Violation> refused = refusal(resource("hl7-r4/consent-example.json"));
        List<String> pointers = refused.stream().map(Violation::pointer).toList();
        for (String pointer : List.of("/organization/0/identifier", "/policy", "/verification",
                "/provision/securityLabel", "/provision/code", "/provision/data", "/provision/provision",
                "/provision/purpose/0", "/provision/class/0", "/provision/type", "/patient/identifier",
                "/performer/0/identifier", "/provision/actor/0/reference/identifier")) {
            assertTrue(pointers.contains(pointer), pointer + " in " + refused);
        }
        assertFalse(pointers.stream().anyMatch(p -> p.startsWith("/provision/action")),
                "access is what a directive governs: mapped, not refused; " + refused);
        for (Violation v : refused) {
            assertTrue(v.message().startsWith("Consent"), "each message names its element by FHIRPath: " + v);
            assertFalse(v.message().contains("van de Heuvel") || v.message().contains("Practitioner/13"), v.toString());
        }
        assertEquals(refused.size(), refused.stream().distinct().count(), "each fault once: " + refused);
    }

    @TestFactory
    Stream<DynamicTest> everyHl7ExampleIsRefusedWithAllItsFaultsAtTheirPointers() {
        return HL7_EXAMPLES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<Violation> refused = refusal(resource("hl7-r4/" + name + ".json"));
            // none names a Kith person or partner: each says so where it stands, in the one answer
            assertTrue(refused.stream().anyMatch(v -> v.pointer().equals("/patient/identifier")), refused.toString());
            assertTrue(refused.stream().anyMatch(v -> v.pointer().equals("/organization/0/identifier")),
                    refused.toString());
            refused.forEach(v -> assertTrue(v.pointer().isEmpty() || v.pointer().startsWith("/"), v.toString()));
        }));
    }

    @Test
    void anActionThatIsNotReceivingTheDataIsRefusedByName() {
        List<Violation> refused = refusal(resource("hl7-r4/consent-example-notThem.json"));
        assertTrue(refused.stream().anyMatch(v -> v.pointer().equals("/provision/action/1")
                && v.message().startsWith("Consent.provision.action[1] must be access, use or disclose")), refused.toString());
        assertFalse(refused.stream().anyMatch(v -> v.pointer().equals("/provision/action/0")), refused.toString());
    }

    @Test
    void anOptOutPolicyIsRefused() {
        assertTrue(refusal(resource("hl7-r4/consent-example-grantor.json")).stream()
                .anyMatch(v -> v.pointer().equals("/policyRule")));
    }

    @Test
    void anHl7ExampleThatNamesKithsPartiesImportsAndExportsValid() throws Exception {
        ObjectNode consent = (ObjectNode) Json.mapper().readTree(resource("hl7-r4/consent-example-notTime.json"));
        consent.putArray("identifier").addObject().put("system", "urn:kith:directive").put("value", "CD-77");
        ((ObjectNode) consent.get("patient")).putObject("identifier").put("system", "urn:kith:person").put("value", "F-1-C1");
        ObjectNode grantor = consent.putArray("performer").addObject();
        grantor.putObject("identifier").put("system", "urn:kith:person").put("value", "F-1-P1");
        grantor.putArray("extension").addObject().put("url", FhirExtensions.url("capacity")).put("valueCode", "adult-for-self");
        ((ObjectNode) consent.at("/organization/0")).putObject("identifier").put("system", "urn:kith:partner")
                .put("value", "county-cw");
        consent.putArray("extension").addObject().put("url", FhirExtensions.url("recordedBy")).putArray("extension")
                .addObject().put("url", "name").put("valueString", "R. Worker");
        ObjectNode provision = (ObjectNode) consent.get("provision");
        provision.put("type", "permit");
        provision.putArray("actor").addObject().set("role", Json.mapper().readTree(
                "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]}"));
        ((ObjectNode) provision.at("/actor/0")).putObject("reference").putObject("identifier")
                .put("system", "urn:kith:partner").put("value", "riverside-clinic");
        provision.putArray("purpose").addObject().put("system", "urn:kith:purpose").put("code", "care-coordination");
        provision.putArray("class").addObject().put("system", "urn:kith:category").put("code", "service");

        ObjectNode data = FhirConsents.fromFhir(consent.toString());
        assertEquals("county-cw", data.at("/recordedBy/partnerId").asText(), "the organization, as the recording partner");
        assertEquals("2015-01-01", data.at("/period/from").asText());
        FhirValidation.assertValid(FhirConsents.toFhir("F-1", data, Optional.empty()));
        assertEquals(data, FhirConsents.fromFhir(FhirConsents.toFhir("F-1", data, Optional.empty())));
    }

    @Test
    void aConsentWithSeveralFaultsGetsThemAllEachAtItsPointer() {
        JsonNode data = directives().findFirst().orElseThrow();
        String consent = FhirConsents.toFhir("F-1001", data, Optional.empty())
                .replace("\"status\":\"active\"", "\"status\":\"draft\"")
                .replace("\"system\":\"urn:kith:purpose\"", "\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\"")
                .replace("\"sourceAttachment\":{", "\"sourceAttachment\":{\"url\":\"https://example.org/form.pdf\",");
        List<Violation> refused = refusal(consent);
        List<String> pointers = refused.stream().map(Violation::pointer).toList();
        assertTrue(pointers.containsAll(List.of("/status", "/provision/purpose/0", "/sourceAttachment/url")),
                refused.toString());
        assertEquals(refused.stream().map(Violation::message).toList(),
                List.of(assertThrows(IllegalArgumentException.class, () -> FhirConsents.fromFhir(consent))
                        .getMessage().split("; ")), "the message lists them all");
    }

    @Test
    void aConsentOfAnotherFamilyIsRefused() {
        String consent = FhirConsents.toFhir("F-1001", directives().findFirst().orElseThrow(), Optional.empty());
        assertEquals(List.of("/extension"), assertThrows(FhirConsents.ImportRefused.class,
                () -> FhirConsents.fromFhir(consent, "F-2002")).violations().stream().map(Violation::pointer).toList());
        FhirConsents.fromFhir(consent, "F-1001");
    }

    @Test
    void everyExtensionDefinitionIsServedAndValid() {
        for (FhirExtensions.Definition d : FhirExtensions.ALL) {
            String json = FhirExtensions.json(d.name()).orElseThrow();
            FhirValidation.assertValid(json);
            assertTrue(json.contains("\"url\": \"" + FhirExtensions.url(d.name()) + "\""), json);
        }
        assertEquals(Optional.empty(), FhirExtensions.json("nickname"));
    }
}
