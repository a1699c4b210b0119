package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

class FhirValidationTest {

    private static final String PATIENT = """
            {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "2015-03-01"}""";

    @Test
    void aValidResourceHasNoErrors() {
        FhirValidation.assertValid(PATIENT);
    }

    @Test
    void errorsNameTheirLocation() {
        var errors = FhirValidation.errors("""
                {"resourceType": "Patient", "gender": "neither", "birthDate": "yesterday"}""");

        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Patient.gender")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Patient.birthDate")), errors.toString());
    }

    @Test
    void aMissingRequiredElementIsAnError() {
        // Consent requires status, scope, category and a policy or policyRule (ppc-1).
        var errors = FhirValidation.errors(new Consent());

        assertTrue(errors.stream().anyMatch(e -> e.contains("Consent.status")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("ppc-1")), errors.toString());
    }

    @Test
    void anUnknownExtensionIsAnErrorUntilItsDefinitionIsRegistered() {
        String url = "http://example.org/fhir/StructureDefinition/fhir-validation-test-nickname";
        var patient = new org.hl7.fhir.r4.model.Patient();
        patient.addExtension(url, new StringType("x"));

        var unknown = FhirValidation.errors(patient);
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).contains(url), unknown.toString());

        FhirValidation.register(stringExtension(url, "Patient"));
        FhirValidation.assertValid(patient);
    }

    /** A minimal extension definition (a differential on Extension) with a string value, on a resource type. */
    static StructureDefinition stringExtension(String url, String context) {
        var sd = new StructureDefinition();
        sd.setUrl(url).setName("Nickname").setStatus(PublicationStatus.ACTIVE).setFhirVersion(FHIRVersion._4_0_1)
                .setKind(StructureDefinition.StructureDefinitionKind.COMPLEXTYPE).setAbstract(false)
                .setType("Extension")
                .setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension")
                .setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        sd.addContext().setType(StructureDefinition.ExtensionContextType.ELEMENT).setExpression(context);
        var differential = sd.getDifferential();
        differential.addElement().setPath("Extension").setMax("1");
        differential.addElement().setPath("Extension.extension").setMax("0");
        differential.addElement().setPath("Extension.url").setFixed(new org.hl7.fhir.r4.model.UriType(url));
        differential.addElement().setPath("Extension.value[x]").setMin(1)
                .setType(List.of(new ElementDefinition.TypeRefComponent().setCode("string")));
        return sd;
    }
}
