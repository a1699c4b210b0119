package org.kith.hub.admin.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;

/**
 * The FHIR extensions Kith's Consents carry, each defined by a StructureDefinition the hub serves
 * ({@code GET /v1/admin/fhir/StructureDefinition/{name}}), so a FHIR validator can check them. Their
 * canonical URLs are under Kith's schema base ({@link #BASE}), the same on every hub, as the message
 * schemas' {@code $id}s are. Imports also read the URNs ({@code urn:kith:fhir:extension:<name>})
 * that hubs wrote before.
 */
public final class FhirExtensions {

    /** The canonical base of Kith's StructureDefinitions. */
    public static final String BASE = "https://schemas.kith.org/fhir/StructureDefinition/";
    /** What earlier exports used instead of {@link #BASE}; still read on import. */
    static final String LEGACY = "urn:kith:fhir:extension:";

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /**
     * One extension: where it may appear, its value type (null for a complex extension of string
     * parts), whether it is a modifier, and how often it may appear.
     */
    record Definition(String name, String context, String type, List<String> parts, boolean modifier, boolean repeats,
                      String description) {
    }

    static final List<Definition> ALL = List.of(
            simple("familyId", "Consent", "string", "The Kith family the directive belongs to."),
            simple("revokedAt", "Consent", "instant", "When the directive was revoked (the Consent is then inactive)."),
            simple("replaces", "Consent", "Identifier", "The directive this one replaces (system urn:kith:directive)."),
            new Definition("subjects", "Consent", "Reference", List.of(), false, true,
                    "Further subjects of the directive beyond Consent.patient (identifier system urn:kith:person)."),
            simple("capacity", "Consent.performer", "code", "The capacity in which the grantor consents."),
            simple("relationship", "Consent.performer", "code", "The grantor's relationship to the subjects."),
            simple("documentSha256", "Consent.source[x]", "code",
                    "SHA-256 of the signed consent form, lowercase hex (Attachment.hash is SHA-1 in R4)."),
            simple("method", "Consent", "code", "How the grantor signified consent."),
            simple("explainedInLanguage", "Consent", "code", "BCP 47 tag of the language the consent was explained in."),
            simple("interpreterUsed", "Consent", "boolean", "Whether an interpreter was used."),
            new Definition("witness", "Consent", null, List.of("name", "role"), false, false,
                    "Who witnessed the consent."),
            simple("redisclosureAllowed", "Consent", "boolean", "Whether recipients may disclose the data again."),
            new Definition("recordedBy", "Consent", null, List.of("name", "role"), false, false,
                    "The worker who recorded the directive."),
            new Definition("messageTypes", "Consent.provision", "code", List.of(), true, true,
                    "The Kith message types the rule is limited to. A modifier: a reader that ignored it would take "
                            + "the rule to cover every message type."));

    private static final Map<String, Definition> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Definition::name, Function.identity()));

    private FhirExtensions() {
    }

    /** The canonical URL of the extension {@code name}. */
    public static String url(String name) {
        return BASE + name;
    }

    /** The extension a URL names (by its canonical URL or its former URN), if Kith defines it. */
    static Optional<Definition> of(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String name = url.startsWith(BASE) ? url.substring(BASE.length())
                : url.startsWith(LEGACY) ? url.substring(LEGACY.length()) : null;
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** Every extension's StructureDefinition. */
    public static List<StructureDefinition> structureDefinitions() {
        return ALL.stream().map(FhirExtensions::structureDefinition).toList();
    }

    /** The StructureDefinition of the extension {@code name}, as FHIR JSON; empty if Kith defines none by that name. */
    public static Optional<String> json(String name) {
        return Optional.ofNullable(BY_NAME.get(name))
                .map(d -> FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(structureDefinition(d)));
    }

    private static Definition simple(String name, String context, String type, String description) {
        return new Definition(name, context, type, List.of(), false, false, description);
    }

    private static StructureDefinition structureDefinition(Definition d) {
        var sd = new StructureDefinition();
        sd.setId(d.name());
        sd.setUrl(url(d.name())).setName(Character.toUpperCase(d.name().charAt(0)) + d.name().substring(1))
                .setTitle("Kith " + d.name()).setStatus(PublicationStatus.ACTIVE).setPublisher("Kith")
                .setDescription(d.description()).setFhirVersion(FHIRVersion._4_0_1)
                .setKind(StructureDefinition.StructureDefinitionKind.COMPLEXTYPE).setAbstract(false)
                .setType("Extension").setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension")
                .setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        sd.addContext().setType(StructureDefinition.ExtensionContextType.ELEMENT).setExpression(d.context());
        var elements = sd.getDifferential();
        ElementDefinition root = elements.addElement().setPath("Extension").setShort(d.description())
                .setDefinition(d.description()).setMax(d.repeats() ? "*" : "1");
        root.setId("Extension");
        if (d.modifier()) {
            root.setIsModifier(true).setIsModifierReason(d.description());
        }
        if (d.type() == null) {
            elements.addElement().setPath("Extension.extension").setMin(1).setId("Extension.extension");
            for (String part : d.parts()) {
                String slice = "Extension.extension:" + part;
                ElementDefinition element = elements.addElement().setPath("Extension.extension").setSliceName(part)
                        .setMin("name".equals(part) ? 1 : 0).setMax("1");
                element.setId(slice);
                ElementDefinition partUrl = elements.addElement().setPath("Extension.extension.url")
                        .setFixed(new UriType(part));
                partUrl.setId(slice + ".url");
                ElementDefinition value = elements.addElement().setPath("Extension.extension.value[x]").setMin(1)
                        .setType(List.of(new ElementDefinition.TypeRefComponent().setCode("string")));
                value.setId(slice + ".value[x]");
            }
        } else {
            elements.addElement().setPath("Extension.extension").setMax("0").setId("Extension.extension");
        }
        elements.addElement().setPath("Extension.url").setFixed(new UriType(url(d.name()))).setId("Extension.url");
        ElementDefinition value = elements.addElement().setPath("Extension.value[x]");
        value.setId("Extension.value[x]");
        if (d.type() == null) {
            value.setMax("0");
        } else {
            value.setMin(1).setType(List.of(new ElementDefinition.TypeRefComponent().setCode(d.type())));
        }
        return sd;
    }
}
