package org.kith.hub.admin.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * Consent directives as FHIR R4 Consent resources and back, for the admin API, built with HAPI's R4
 * structures so other systems get the JSON their FHIR libraries read. The mapping is in {@link #HOMES}
 * and the README. Import refuses what it cannot map (an unknown code, a nested provision, a modifier
 * extension it does not know) instead of dropping it, since a dropped restriction would change what
 * a directive permits; its messages name the FHIR element, never a value, which may be personal.
 */
public final class FhirConsents {

    /** Thread-safe and costly to build, so one for the JVM; its parsers are cheap and not thread-safe, so one a call. */
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static final String PERSON = "urn:kith:person";
    static final String PARTNER = "urn:kith:partner";
    static final String PARTNER_KIND = "urn:kith:partner-kind";
    static final String DIRECTIVE = "urn:kith:directive";
    static final String PURPOSE = "urn:kith:purpose";
    static final String CATEGORY = "urn:kith:category";
    static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final String LOINC = "http://loinc.org";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";

    /** Where each directive field lives in the Consent: names the element when an import maps to invalid data. */
    static final Map<String, String> HOMES = homes(
            "/directiveId", "Consent.identifier (" + DIRECTIVE + ")",
            "/replaces", ext("Consent", "replaces"),
            "/subjects", "Consent.patient and " + ext("Consent", "subjects"),
            "/grantor/name", "Consent.performer.display",
            "/grantor/capacity", ext("Consent.performer", "capacity"),
            "/grantor/relationship", ext("Consent.performer", "relationship"),
            "/grantor", "Consent.performer",
            "/effect", "Consent.provision.type",
            "/recipients", "Consent.provision.actor (role IRCP, " + PARTNER + ")",
            "/recipientKinds", "Consent.provision.actor (role IRCP, " + PARTNER_KIND + ")",
            "/sources", "Consent.provision.actor (role CST, " + PARTNER + ")",
            "/sourceKinds", "Consent.provision.actor (role CST, " + PARTNER_KIND + ")",
            "/categories", "Consent.provision.class (" + CATEGORY + ")",
            "/purposes", "Consent.provision.purpose (" + PURPOSE + ")",
            "/messageTypes", "Consent.provision.modifierExtension(" + FhirExtensions.url("messageTypes") + ")",
            "/period/from", "Consent.provision.period.start",
            "/period/to", "Consent.provision.period.end",
            "/period", "Consent.provision.period",
            "/evidence/formReference", "Consent.sourceAttachment.title",
            "/evidence/signedOn", "Consent.dateTime",
            "/evidence/documentSha256", ext("Consent.sourceAttachment", "documentSha256"),
            "/evidence/method", ext("Consent", "method"),
            "/evidence/explainedInLanguage", ext("Consent", "explainedInLanguage"),
            "/evidence/interpreterUsed", ext("Consent", "interpreterUsed"),
            "/evidence/witness", ext("Consent", "witness"),
            "/evidence", "Consent.sourceAttachment",
            "/redisclosureAllowed", ext("Consent", "redisclosureAllowed"),
            "/recordedBy/partnerId", "Consent.organization (" + PARTNER + ")",
            "/recordedBy", ext("Consent", "recordedBy"));

    private FhirConsents() {
    }

    /** A directive and, once revoked, when: what the admin API exports. */
    public record Exported(JsonNode data, Optional<Instant> revokedAt) {
        public Exported {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(revokedAt, "revokedAt");
        }
    }

    /**
     * A recorded directive as a FHIR R4 Consent resource (JSON text). data is the directive's
     * consent-directive JSON; revokedAt, if present, makes the Consent status "inactive" (else
     * "active"); familyId goes into the extension {@code familyId}.
     *
     * @throws IllegalArgumentException if data does not satisfy the consent-directive schema
     */
    public static String toFhir(String familyId, JsonNode data, Optional<Instant> revokedAt) {
        return FHIR.newJsonParser().encodeResourceToString(consent(familyId, data, revokedAt));
    }

    /**
     * Several as a FHIR R4 Bundle of type "collection" (JSON text), one entry a directive, in order,
     * each with a {@code fullUrl}: a name-based UUID of the family and the directive, the same on
     * every export.
     */
    public static String bundle(String familyId, List<Exported> directives) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        directives.forEach(d -> bundle.addEntry().setFullUrl(fullUrl(familyId, d.data()))
                .setResource(consent(familyId, d.data(), d.revokedAt())));
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    private static String fullUrl(String familyId, JsonNode data) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((familyId + "/" + data.path("directiveId").asText())
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A FHIR R4 Consent (JSON text) as consent-directive data that satisfies the schema. Only an
     * active Consent imports: an inactive one is not in force and Kith has no inactive directive.
     * Every element is mapped or refused ({@link ConsentImport}).
     *
     * @throws ImportRefused naming every element that is missing or cannot be mapped, each with its JSON pointer
     */
    public static ObjectNode fromFhir(String consentJson) {
        return ConsentImport.read(consentJson, Optional.empty());
    }

    /** {@link #fromFhir(String)} for the family {@code familyId}: a Consent that names another family is refused. */
    public static ObjectNode fromFhir(String consentJson, String familyId) {
        return ConsentImport.read(consentJson, Optional.of(familyId));
    }

    /**
     * A Consent the import refuses: every fault found, each with its JSON pointer into the Consent
     * and a message that starts with the element's FHIRPath; the message joins them.
     */
    public static final class ImportRefused extends IllegalArgumentException {

        private final transient List<Violation> violations;

        ImportRefused(List<Violation> violations) {
            super(violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    // ---- export ------------------------------------------------------------------------------

    private static Consent consent(String familyId, JsonNode d, Optional<Instant> revokedAt) {
        Objects.requireNonNull(familyId, "familyId");
        requireValid(Objects.requireNonNull(d, "data"));
        Consent c = new Consent();
        c.addIdentifier(new Identifier().setSystem(DIRECTIVE).setValue(d.get("directiveId").asText()));
        c.setStatus(revokedAt.isPresent() ? Consent.ConsentState.INACTIVE : Consent.ConsentState.ACTIVE);
        c.setScope(concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"));
        c.addCategory(concept(LOINC, "59284-0", "Patient Consent"));
        // R4 wants a policy or policyRule; Kith's base rule is opt-in: nothing goes without consent or authority.
        c.setPolicyRule(concept(ACT_CODE, "OPTIN", "opt-in"));
        c.addExtension(FhirExtensions.url("familyId"), new StringType(familyId));
        revokedAt.ifPresent(at -> c.addExtension(FhirExtensions.url("revokedAt"),
                new InstantType(at.truncatedTo(ChronoUnit.MILLIS).toString())));
        if (d.has("replaces")) {
            c.addExtension(FhirExtensions.url("replaces"), new Identifier().setSystem(DIRECTIVE).setValue(d.get("replaces").asText()));
        }
        JsonNode subjects = d.get("subjects");
        c.setPatient(person(subjects.get(0).asText()));
        for (int i = 1; i < subjects.size(); i++) {
            c.addExtension(FhirExtensions.url("subjects"), person(subjects.get(i).asText()));
        }
        JsonNode grantor = d.get("grantor");
        Reference performer = person(grantor.get("personId").asText()).setDisplay(grantor.path("name").textValue());
        toScalars(performer.getExtension(), grantor, "capacity", "relationship");
        c.addPerformer(performer);

        JsonNode evidence = d.get("evidence");
        Attachment form = new Attachment().setTitle(evidence.get("formReference").asText());
        // Attachment.hash is SHA-1 in R4, so the SHA-256 of the signed form has an extension of its own.
        toScalars(form.getExtension(), evidence, "documentSha256");
        c.setSource(form);
        if (evidence.has("signedOn")) {
            c.setDateTimeElement(new DateTimeType(evidence.get("signedOn").asText()));
        }
        toScalars(c.getExtension(), evidence, "method", "explainedInLanguage", "interpreterUsed");
        if (evidence.has("witness")) {
            c.addExtension(toParts("witness", evidence.get("witness"), "name", "role"));
        }
        toScalars(c.getExtension(), d, "redisclosureAllowed");
        if (d.has("recordedBy")) {
            c.addExtension(toParts("recordedBy", d.get("recordedBy"), "name", "role"));
            if (d.get("recordedBy").has("partnerId")) {
                c.addOrganization(reference(PARTNER, d.get("recordedBy").get("partnerId").asText()));
            }
        }
        c.setProvision(provision(d));
        return c;
    }

    private static Consent.ProvisionComponent provision(JsonNode d) {
        Consent.ProvisionComponent p = new Consent.ProvisionComponent();
        p.setType(Consent.ConsentProvisionType.fromCode(d.get("effect").asText()));
        p.setPeriod(new Period().setStartElement(new DateTimeType(d.at("/period/from").asText()))
                .setEndElement(new DateTimeType(d.at("/period/to").asText())));
        d.path("recipients").forEach(id -> actor(p, "IRCP", PARTNER, id));
        d.path("recipientKinds").forEach(kind -> actor(p, "IRCP", PARTNER_KIND, kind));
        d.path("sources").forEach(id -> actor(p, "CST", PARTNER, id));
        d.path("sourceKinds").forEach(kind -> actor(p, "CST", PARTNER_KIND, kind));
        p.addAction(concept(CONSENT_ACTION, "disclose", "Disclose"));
        d.get("purposes").forEach(code -> p.addPurpose(new Coding(PURPOSE, code.asText(), null)));
        d.get("categories").forEach(code -> p.addClass_(new Coding(CATEGORY, code.asText(), null)));
        // A modifier: a reader that ignored it would take the rule to cover every message type.
        d.path("messageTypes").forEach(type ->
                p.addModifierExtension(new Extension(FhirExtensions.url("messageTypes"), new CodeType(type.asText()))));
        return p;
    }

    private static void actor(Consent.ProvisionComponent p, String role, String system, JsonNode id) {
        p.addActor().setRole(concept(PARTICIPATION, role, null)).setReference(reference(system, id.asText()));
    }

    // ---- extensions --------------------------------------------------------------------------

    /** Fields present in {@code from} as extensions {@link FhirExtensions}: valueBoolean or valueCode. */
    private static void toScalars(List<Extension> on, JsonNode from, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null) {
                on.add(new Extension(FhirExtensions.url(field), value.isBoolean() ? new BooleanType(value.booleanValue())
                        : new CodeType(value.asText())));
            }
        }
    }

    /** An object's text fields as one complex extension, a sub-extension each. */
    private static Extension toParts(String field, JsonNode from, String... parts) {
        Extension extension = new Extension(FhirExtensions.url(field));
        for (String part : parts) {
            if (from.has(part)) {
                extension.addExtension(part, new StringType(from.get(part).asText()));
            }
        }
        return extension;
    }

    // ---- small pieces ------------------------------------------------------------------------

    private static void requireValid(JsonNode data) {
        List<Violation> found = Validator.INSTANCE.validateData(MessageType.CONSENT_DIRECTIVE, Purpose.CONSENT_MANAGEMENT, data);
        if (!found.isEmpty()) {
            throw new IllegalArgumentException("not valid consent-directive data: " + found.stream()
                    .map(v -> v.pointer().substring("/data".length()) + ": " + v.message())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** The FHIR element of a directive field, from its JSON pointer. */
    static String home(String pointer) {
        return HOMES.entrySet().stream()
                .filter(e -> pointer.equals(e.getKey()) || pointer.startsWith(e.getKey() + "/"))
                .map(Map.Entry::getValue).findFirst().orElse("Consent");
    }

    private static Reference person(String personId) {
        return reference(PERSON, personId);
    }

    private static Reference reference(String system, String value) {
        return new Reference().setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    private static String ext(String element, String field) {
        return element + ".extension(" + FhirExtensions.url(field) + ")";
    }

    private static Map<String, String> homes(String... pairs) {
        Map<String, String> homes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            homes.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(homes);
    }

    /** Loads every schema: built on first use, not when the class is. */
    private static final class Validator {
        static final SubmissionValidator INSTANCE = new SubmissionValidator();
    }
}
