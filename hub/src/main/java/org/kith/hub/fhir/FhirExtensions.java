package org.kith.hub.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;

/**
 * The two FHIR extensions the mapping reads and writes, with the StructureDefinitions that define
 * them (so that a FHIR validator, the hub's tests included, knows them): the family a ServiceRequest
 * is about, and a Patient's role in the family.
 */
public final class FhirExtensions {

    private static final String BASE = "https://schemas.kith.org/fhir/StructureDefinition/";
    /** On ServiceRequest: the Kith family id (valueString). */
    public static final String FAMILY_ID = BASE + "family-id";
    /** On Patient: the person's role in the family, a Kith referral role code (valueCode). */
    public static final String PERSON_ROLE = BASE + "person-role";

    private FhirExtensions() {
    }

    /** The StructureDefinitions of the extensions. */
    public static List<StructureDefinition> definitions() {
        return List.of(definition(FAMILY_ID, "KithFamilyId", "ServiceRequest", "string"),
                definition(PERSON_ROLE, "KithPersonRole", "Patient", "code"));
    }

    private static StructureDefinition definition(String url, String name, String context, String valueType) {
        var sd = new StructureDefinition();
        sd.setUrl(url).setName(name).setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1)
                .setKind(StructureDefinition.StructureDefinitionKind.COMPLEXTYPE).setAbstract(false)
                .setType("Extension")
                .setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension")
                .setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        sd.addContext().setType(StructureDefinition.ExtensionContextType.ELEMENT).setExpression(context);
        var differential = sd.getDifferential();
        differential.addElement().setPath("Extension").setMax("1");
        differential.addElement().setPath("Extension.extension").setMax("0");
        differential.addElement().setPath("Extension.url").setFixed(new UriType(url));
        differential.addElement().setPath("Extension.value[x]").setMin(1)
                .setType(List.of(new ElementDefinition.TypeRefComponent().setCode(valueType)));
        return sd;
    }
}
