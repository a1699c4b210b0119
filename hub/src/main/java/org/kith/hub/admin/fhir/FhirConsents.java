package org.kith.hub.admin.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
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
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.kith.schemas.Category;
import org.kith.schemas.Json;
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

    static final String EXTENSION = "urn:kith:fhir:extension:";
    private static final String PERSON = "urn:kith:person";
    private static final String PARTNER = "urn:kith:partner";
    private static final String PARTNER_KIND = "urn:kith:partner-kind";
    private static final String DIRECTIVE = "urn:kith:directive";
    private static final String PURPOSE = "urn:kith:purpose";
    private static final String CATEGORY = "urn:kith:category";
    private static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    private static final String LOINC = "http://loinc.org";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    /** Actions that are a recipient getting the data, which is what a directive governs. */
    private static final Set<String> ACTIONS = Set.of("access", "use", "disclose");

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
            "/messageTypes", "Consent.provision.modifierExtension(" + EXTENSION + "messageTypes)",
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
     * "active"); familyId goes into the extension {@code urn:kith:fhir:extension:familyId}.
     *
     * @throws IllegalArgumentException if data does not satisfy the consent-directive schema
     */
    public static String toFhir(String familyId, JsonNode data, Optional<Instant> revokedAt) {
        return FHIR.newJsonParser().encodeResourceToString(consent(familyId, data, revokedAt));
    }

    /** Several as a FHIR R4 Bundle of type "collection" (JSON text), one entry a directive, in order. */
    public static String bundle(String familyId, List<Exported> directives) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        directives.forEach(d -> bundle.addEntry().setResource(consent(familyId, d.data(), d.revokedAt())));
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    /**
     * A FHIR R4 Consent (JSON text) as consent-directive data that satisfies the schema. Only an
     * active Consent imports: an inactive one is not in force and Kith has no inactive directive.
     *
     * @throws IllegalArgumentException naming the FHIR element that is missing or cannot be mapped
     */
    public static ObjectNode fromFhir(String consentJson) {
        Consent c = parse(consentJson);
        unknownModifiers(c.getModifierExtension(), "Consent", Set.of());
        require(c.getStatus() == Consent.ConsentState.ACTIVE, "Consent.status must be active");
        require(c.getScope().getCoding().stream().anyMatch(is(CONSENT_SCOPE, "patient-privacy")),
                "Consent.scope must be patient-privacy (" + CONSENT_SCOPE + ")");
        require(c.hasProvision(), "Consent.provision is required");

        ObjectNode d = Json.mapper().createObjectNode();
        d.put("directiveId", directiveId(c));
        single(c.getExtension(), EXTENSION + "replaces", "Consent")
                .ifPresent(x -> d.put("replaces", idOf(x.getValue(), DIRECTIVE, ext("Consent", "replaces"))));
        ArrayNode subjects = d.putArray("subjects").add(personId(c.getPatient(), "Consent.patient"));
        c.getExtensionsByUrl(EXTENSION + "subjects")
                .forEach(x -> subjects.add(personId(x.getValue(), ext("Consent", "subjects"))));
        d.set("grantor", grantor(c));
        provision(c.getProvision(), d);
        d.set("evidence", evidence(c));
        scalars(d, c.getExtension(), "Consent", "redisclosureAllowed");
        single(c.getExtension(), EXTENSION + "recordedBy", "Consent").ifPresent(x -> {
            ObjectNode recordedBy = d.putObject("recordedBy");
            parts(recordedBy, x, "name", "role");
            c.getOrganization().stream().map(Reference::getIdentifier).filter(i -> PARTNER.equals(i.getSystem()))
                    .findFirst().ifPresent(i -> recordedBy.put("partnerId", i.getValue()));
        });
        requireValid(d, "Consent does not map to a valid consent-directive: ", FhirConsents::home);
        return d;
    }

    // ---- export ------------------------------------------------------------------------------

    private static Consent consent(String familyId, JsonNode d, Optional<Instant> revokedAt) {
        Objects.requireNonNull(familyId, "familyId");
        requireValid(Objects.requireNonNull(d, "data"), "not valid consent-directive data: ", UnaryOperator.identity());
        Consent c = new Consent();
        c.addIdentifier(new Identifier().setSystem(DIRECTIVE).setValue(d.get("directiveId").asText()));
        c.setStatus(revokedAt.isPresent() ? Consent.ConsentState.INACTIVE : Consent.ConsentState.ACTIVE);
        c.setScope(concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"));
        c.addCategory(concept(LOINC, "59284-0", "Patient Consent"));
        // R4 wants a policy or policyRule; Kith's base rule is opt-in: nothing goes without consent or authority.
        c.setPolicyRule(concept(ACT_CODE, "OPTIN", "opt-in"));
        c.addExtension(EXTENSION + "familyId", new StringType(familyId));
        revokedAt.ifPresent(at -> c.addExtension(EXTENSION + "revokedAt",
                new InstantType(at.truncatedTo(ChronoUnit.MILLIS).toString())));
        if (d.has("replaces")) {
            c.addExtension(EXTENSION + "replaces", new Identifier().setSystem(DIRECTIVE).setValue(d.get("replaces").asText()));
        }
        JsonNode subjects = d.get("subjects");
        c.setPatient(person(subjects.get(0).asText()));
        for (int i = 1; i < subjects.size(); i++) {
            c.addExtension(EXTENSION + "subjects", person(subjects.get(i).asText()));
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
                p.addModifierExtension(new Extension(EXTENSION + "messageTypes", new CodeType(type.asText()))));
        return p;
    }

    private static void actor(Consent.ProvisionComponent p, String role, String system, JsonNode id) {
        p.addActor().setRole(concept(PARTICIPATION, role, null)).setReference(reference(system, id.asText()));
    }

    // ---- import ------------------------------------------------------------------------------

    private static Consent parse(String json) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(Objects.requireNonNull(json, "consentJson"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not well-formed JSON, or over the parsing limits");
        }
        require(tree != null && tree.isObject(), "not a FHIR resource: a JSON object is required");
        require("Consent".equals(tree.path("resourceType").asText()), "resourceType must be Consent");
        try {
            return FHIR.newJsonParser().setParserErrorHandler(new Strict()).parseResource(Consent.class, json);
        } catch (Refused e) {
            throw new IllegalArgumentException("not a valid FHIR R4 Consent: " + e.getMessage());
        } catch (DataFormatException e) {
            // the FHIR parser's message quotes what it could not read: never echoed
            throw new IllegalArgumentException("not a valid FHIR R4 Consent (an element, a code or a value does not read)");
        } catch (RuntimeException e) {
            // HAPI's parser fails on some malformed documents (an empty member name): the sender's fault, not the hub's
            throw new IllegalArgumentException("not a valid FHIR R4 Consent (the document does not read as FHIR JSON)");
        }
    }

    private static String directiveId(Consent c) {
        List<Identifier> ids = c.getIdentifier();
        // The recording system's own id is the directive's id when it is the only one it gives.
        Optional<Identifier> id = ids.stream().filter(i -> DIRECTIVE.equals(i.getSystem())).findFirst()
                .or(() -> ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty());
        require(id.isPresent() && id.get().hasValue(),
                "Consent.identifier is required: one with system " + DIRECTIVE + ", or a single one");
        return id.get().getValue();
    }

    private static ObjectNode grantor(Consent c) {
        require(c.getPerformer().size() == 1, "Consent.performer: exactly one, the grantor, is required");
        Reference performer = c.getPerformerFirstRep();
        ObjectNode grantor = Json.mapper().createObjectNode();
        grantor.put("personId", personId(performer, "Consent.performer"));
        if (performer.hasDisplay()) {
            grantor.put("name", performer.getDisplay());
        }
        scalars(grantor, performer.getExtension(), "Consent.performer", "capacity", "relationship");
        return grantor;
    }

    private static void provision(Consent.ProvisionComponent p, ObjectNode d) {
        unknownModifiers(p.getModifierExtension(), "Consent.provision", Set.of(EXTENSION + "messageTypes"));
        require(!p.hasProvision(), "Consent.provision.provision (nested rules) cannot be mapped");
        require(!p.hasSecurityLabel(), "Consent.provision.securityLabel cannot be mapped; categories go in provision.class");
        require(!p.hasCode(), "Consent.provision.code cannot be mapped");
        require(!p.hasData(), "Consent.provision.data cannot be mapped");
        require(!p.hasDataPeriod(), "Consent.provision.dataPeriod cannot be mapped");
        require(p.hasType(), "Consent.provision.type is required");
        d.put("effect", p.getType().toCode());
        actors(p.getActor(), d);
        for (int i = 0; i < p.getAction().size(); i++) {
            require(p.getAction().get(i).getCoding().stream().anyMatch(x -> CONSENT_ACTION.equals(x.getSystem())
                    && x.hasCode() && ACTIONS.contains(x.getCode())),
                    "Consent.provision.action[" + i + "] must be access, use or disclose");
        }
        d.set("categories", kithCodes(p.getClass_(), CATEGORY, code -> Category.fromCode(code).isPresent(),
                "Consent.provision.class", "Kith category"));
        d.set("purposes", kithCodes(p.getPurpose(), PURPOSE, code -> Purpose.fromCode(code).isPresent(),
                "Consent.provision.purpose", "Kith purpose"));
        List<Extension> types = p.getModifierExtension();
        if (!types.isEmpty()) {
            ArrayNode messageTypes = d.putArray("messageTypes");
            types.forEach(x -> messageTypes.add(text(x, "Consent.provision.modifierExtension(" + x.getUrl() + ")")));
        }
        require(p.hasPeriod(), "Consent.provision.period is required");
        ObjectNode period = d.putObject("period");
        period.put("from", day(p.getPeriod().getStartElement(), "Consent.provision.period.start"));
        period.put("to", day(p.getPeriod().getEndElement(), "Consent.provision.period.end"));
    }

    /** Recipients (IRCP, or PRCP as other systems write it) and sources (CST), by partner id or by partner kind. */
    private static void actors(List<Consent.provisionActorComponent> actors, ObjectNode d) {
        List<String> fields = List.of("recipients", "recipientKinds", "sources", "sourceKinds");
        fields.forEach(d::putArray);
        for (int i = 0; i < actors.size(); i++) {
            Consent.provisionActorComponent actor = actors.get(i);
            String at = "Consent.provision.actor[" + i + "]";
            unknownModifiers(actor.getModifierExtension(), at, Set.of());
            List<Coding> role = actor.getRole().getCoding();
            boolean recipient = role.stream().anyMatch(is(PARTICIPATION, "IRCP").or(is(PARTICIPATION, "PRCP")));
            boolean source = role.stream().anyMatch(is(PARTICIPATION, "CST"));
            require(recipient != source, at + ".role must be IRCP or PRCP (a recipient) or CST (a source) of " + PARTICIPATION);
            Identifier id = actor.getReference().getIdentifier();
            boolean kind = PARTNER_KIND.equals(id.getSystem());
            require(kind || PARTNER.equals(id.getSystem()),
                    at + ".reference.identifier with system " + PARTNER + " or " + PARTNER_KIND + " is required");
            d.withArray(recipient ? (kind ? "recipientKinds" : "recipients") : (kind ? "sourceKinds" : "sources"))
                    .add(id.getValue());
        }
        fields.stream().filter(field -> d.get(field).isEmpty()).forEach(d::remove);
        require(d.has("recipients") || d.has("recipientKinds"),
                "Consent.provision.actor with role IRCP or PRCP (a recipient) is required");
    }

    private static ObjectNode evidence(Consent c) {
        ObjectNode evidence = Json.mapper().createObjectNode();
        require(c.hasSourceAttachment() && c.getSourceAttachment().hasTitle(),
                "Consent.sourceAttachment.title (the consent form and where it is filed) is required");
        Attachment form = c.getSourceAttachment();
        evidence.put("formReference", form.getTitle());
        if (c.hasDateTime()) {
            evidence.put("signedOn", day(c.getDateTimeElement(), "Consent.dateTime"));
        }
        scalars(evidence, c.getExtension(), "Consent", "method", "explainedInLanguage", "interpreterUsed");
        scalars(evidence, form.getExtension(), "Consent.sourceAttachment", "documentSha256");
        single(c.getExtension(), EXTENSION + "witness", "Consent").ifPresent(x -> parts(evidence.putObject("witness"), x, "name", "role"));
        return evidence;
    }

    private static ArrayNode kithCodes(List<Coding> codings, String system, Predicate<String> known, String element,
                                       String what) {
        ArrayNode codes = Json.mapper().createArrayNode();
        for (int i = 0; i < codings.size(); i++) {
            Coding coding = codings.get(i);
            require(system.equals(coding.getSystem()) && known.test(coding.getCode()),
                    element + "[" + i + "] is not a " + what + " (system " + system + ")");
            codes.add(coding.getCode());
        }
        require(!codes.isEmpty(), element + " is required");
        return codes;
    }

    /** A full date: the day as written, whatever time of day follows it. */
    private static String day(DateTimeType value, String element) {
        require(value != null && value.hasValue(), element + " is required");
        require(value.getPrecision().compareTo(TemporalPrecisionEnum.DAY) >= 0, element + " must be a full date");
        return value.getValueAsString().substring(0, 10);
    }

    private static String personId(Type reference, String element) {
        require(reference instanceof Reference, element + " must be a Reference");
        return idOf(((Reference) reference).getIdentifier(), PERSON, element + ".identifier");
    }

    private static String idOf(Type identifier, String system, String element) {
        require(identifier instanceof Identifier i && system.equals(i.getSystem()) && i.hasValue(),
                element + " with system " + system + " and a value is required");
        return ((Identifier) identifier).getValue();
    }

    private static void unknownModifiers(List<Extension> modifiers, String element, Set<String> known) {
        require(modifiers.stream().allMatch(x -> known.contains(x.getUrl())),
                element + ".modifierExtension of an unknown kind cannot be mapped");
    }

    // ---- extensions --------------------------------------------------------------------------

    /** Fields present in {@code from} as extensions {@code urn:kith:fhir:extension:<field>}: valueBoolean or valueCode. */
    private static void toScalars(List<Extension> on, JsonNode from, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null) {
                on.add(new Extension(EXTENSION + field, value.isBoolean() ? new BooleanType(value.booleanValue())
                        : new CodeType(value.asText())));
            }
        }
    }

    private static void scalars(ObjectNode into, List<Extension> from, String element, String... fields) {
        for (String field : fields) {
            single(from, EXTENSION + field, element).ifPresent(x -> {
                if (x.getValue() instanceof BooleanType flag) {
                    into.put(field, flag.booleanValue());
                } else {
                    into.put(field, text(x, ext(element, field)));
                }
            });
        }
    }

    /** An object's text fields as one complex extension, a sub-extension each. */
    private static Extension toParts(String field, JsonNode from, String... parts) {
        Extension extension = new Extension(EXTENSION + field);
        for (String part : parts) {
            if (from.has(part)) {
                extension.addExtension(part, new StringType(from.get(part).asText()));
            }
        }
        return extension;
    }

    private static void parts(ObjectNode into, Extension from, String... parts) {
        String element = ext("Consent", from.getUrl().substring(EXTENSION.length()));
        for (String part : parts) {
            single(from.getExtension(), part, element).ifPresent(x -> into.put(part, text(x, element + ".extension(" + part + ")")));
        }
    }

    private static Optional<Extension> single(List<Extension> extensions, String url, String element) {
        List<Extension> found = extensions.stream().filter(x -> url.equals(x.getUrl())).toList();
        require(found.size() <= 1, element + ".extension(" + url + ") may appear once");
        return found.stream().findFirst();
    }

    private static String text(Extension extension, String element) {
        require(extension.getValue() instanceof PrimitiveType<?> p && p.hasValue(), element + " needs a value");
        return ((PrimitiveType<?>) extension.getValue()).getValueAsString();
    }

    // ---- small pieces ------------------------------------------------------------------------

    private static void requireValid(JsonNode data, String what, UnaryOperator<String> where) {
        List<Violation> found = Validator.INSTANCE.validateData(MessageType.CONSENT_DIRECTIVE, Purpose.CONSENT_MANAGEMENT, data);
        require(found.isEmpty(), () -> what + found.stream()
                .map(v -> where.apply(v.pointer().substring("/data".length())) + ": " + v.message())
                .collect(Collectors.joining("; ")));
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

    private static Predicate<Coding> is(String system, String code) {
        return coding -> system.equals(coding.getSystem()) && code.equals(coding.getCode());
    }

    private static String ext(String element, String field) {
        return element + ".extension(" + EXTENSION + field + ")";
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void require(boolean holds, Supplier<String> message) {
        if (!holds) {
            throw new IllegalArgumentException(message.get());
        }
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

    /**
     * HAPI's strict handling, so an unknown element is refused rather than dropped, with messages
     * that name the element where the fault is and never what was found there: the name of an
     * element HAPI does not know, or a value, is the sender's text and may be personal data.
     */
    private static final class Strict implements IParserErrorHandler {

        @Override
        public void unknownElement(IParseLocation location, String elementName) {
            throw refused("an element FHIR R4 does not define", location);
        }

        @Override
        public void unknownAttribute(IParseLocation location, String attributeName) {
            throw refused("an attribute FHIR R4 does not define", location);
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
            throw refused("an element repeated that may appear once", location);
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String elementName) {
            throw refused("a required element missing", location);
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, BaseJsonLikeValue.ValueType expected,
                                      BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                                      BaseJsonLikeValue.ScalarType foundScalar) {
            throw refused("a value of the wrong JSON type", location);
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            throw refused("an invalid value", location);
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            throw refused("an unresolvable reference", location);
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            unknownReference(location, reference);
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            throw refused("a contained resource without an id", location);
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            throw refused("an extension with both a value and extensions", location);
        }

        private static Refused refused(String what, IParseLocation location) {
            return new Refused(what + " in " + (location == null || location.getParentElementName() == null
                    ? "the resource" : location.getParentElementName()));
        }
    }

    /** A refusal of {@link Strict}'s: its message is Kith's own, fit for the sender. */
    private static final class Refused extends DataFormatException {

        Refused(String message) {
            super(message);
        }
    }
}
