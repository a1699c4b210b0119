package org.kith.hub.admin.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.kith.schemas.Category;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * One import of a FHIR R4 Consent as consent-directive data. Every element of the Consent is mapped
 * or refused by name, never dropped: a walk over the document refuses each element the mapping does
 * not read ({@link #MAPPED}), and the mapping refuses each value it cannot keep the meaning of. All
 * the faults are collected and refused together, each with its JSON pointer into the Consent and a
 * message that starts with the element's FHIRPath. Only {@code id}, {@code meta}, {@code language},
 * a generated narrative ({@code text}, made from the data) and a Reference's {@code reference} and
 * {@code display} beside the identifier that maps are read and not kept: they describe the resource
 * or name the same party, not what the family agreed. A message names FHIR's elements, never a
 * value or a name the sender chose.
 */
final class ConsentImport {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** Elements the import reads (FHIRPaths without indexes), with the parents that lead to them. */
    private static final Set<String> MAPPED = Set.of(
            "Consent.identifier", "Consent.identifier.system", "Consent.identifier.value",
            "Consent.status",
            "Consent.scope", "Consent.category", "Consent.policyRule",
            "Consent.patient", "Consent.dateTime", "Consent.performer", "Consent.organization",
            "Consent.sourceAttachment", "Consent.sourceAttachment.title",
            "Consent.provision", "Consent.provision.type", "Consent.provision.period",
            "Consent.provision.period.start", "Consent.provision.period.end",
            "Consent.provision.actor", "Consent.provision.actor.role", "Consent.provision.actor.reference",
            "Consent.provision.action", "Consent.provision.purpose", "Consent.provision.class");
    /** Where codeable concepts, codings and references stand, whose parts are read as a whole. */
    private static final Set<String> CONCEPTS = Set.of("Consent.scope", "Consent.category", "Consent.policyRule",
            "Consent.provision.actor.role", "Consent.provision.action");
    private static final Set<String> CODINGS = Set.of("Consent.provision.purpose", "Consent.provision.class");
    private static final Set<String> REFERENCES = Set.of("Consent.patient", "Consent.performer",
            "Consent.organization", "Consent.provision.actor.reference");
    /** Read, not kept: what describes the resource rather than the consent. */
    private static final Set<String> DESCRIPTIVE = Set.of("Consent.id", "Consent.meta", "Consent.language");
    /** Why some elements cannot be mapped, where there is more to say than that. */
    private static final Map<String, String> WHY = Map.of(
            "Consent.provision.provision", "nested rules cannot be mapped",
            "Consent.provision.securityLabel", "cannot be mapped; categories go in provision.class",
            "Consent.policy", "cannot be mapped: a directive is held to Kith's own opt-in rule (policyRule OPTIN)",
            "Consent.verification", "cannot be mapped: a directive records how consent was given in its evidence "
                    + "(the form, method and witness), not a verification",
            "Consent.sourceReference", "cannot be mapped; the consent form goes in sourceAttachment.title",
            "Consent.text", "cannot be mapped: only a narrative generated from the resource's data is read");
    /** Categories of a Consent that are what a directive is: a consent to disclose information. */
    private static final Set<String> CATEGORIES = Set.of(
            FhirConsents.LOINC + "|59284-0", FhirConsents.LOINC + "|64292-6",
            FhirConsents.ACT_CODE + "|IDSCL", FhirConsents.ACT_CODE + "|INFA", FhirConsents.ACT_CODE + "|INFAO");
    /** Actions that are a recipient getting the data, which is what a directive governs. */
    private static final Set<String> ACTIONS = Set.of("access", "use", "disclose");

    private final List<Violation> faults = new ArrayList<>();

    private ConsentImport() {
    }

    /** The directive {@code consentJson} maps to, of the family {@code familyId} if given; else every fault at once. */
    static ObjectNode read(String consentJson, Optional<String> familyId) {
        ConsentImport in = new ConsentImport();
        ObjectNode data = in.map(Objects.requireNonNull(consentJson, "consentJson"), familyId);
        if (!in.faults.isEmpty()) {
            throw new FhirConsents.ImportRefused(in.faults);
        }
        return data;
    }

    private ObjectNode map(String json, Optional<String> familyId) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            fault("", "not well-formed JSON, or over the parsing limits");
            return null;
        }
        if (tree == null || !tree.isObject()) {
            fault("", "not a FHIR resource: a JSON object is required");
            return null;
        }
        if (!"Consent".equals(tree.path("resourceType").asText())) {
            fault("/resourceType", "resourceType must be Consent");
            return null;
        }
        walk(tree, "Consent", "", FHIR.getResourceDefinition("Consent"));
        // the walk refused every extension on a primitive: the mapping reads the values alone, so that a
        // primitive present only by its extension ("_type") is absent to it, never a value it finds null
        Consent c = parse(valuesOnly(tree).toString());
        if (c == null) {
            return null;
        }
        return directive(c, familyId);
    }

    // ---- the walk: what is not read is refused ----------------------------------------------

    private void walk(JsonNode object, String path, String pointer, BaseRuntimeElementDefinition<?> definition) {
        Iterator<Map.Entry<String, JsonNode>> members = object.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String name = member.getKey();
            if ("resourceType".equals(name) && "Consent".equals(path)) {
                continue;
            }
            String element = name.startsWith("_") ? name.substring(1) : name;
            BaseRuntimeElementDefinition<?> child = child(definition, element);
            if (child == null) {
                // the name is the sender's: the fault names the element that holds it, never the name
                fault(pointer, path + " holds an element FHIR R4 does not define here");
                continue;
            }
            String at = path + "." + element;
            String where = pointer + "/" + element;
            if (name.startsWith("_")) {
                fault(where, at + ": extensions on a primitive value cannot be mapped");
                continue;
            }
            JsonNode value = member.getValue();
            if ("extension".equals(element) || "modifierExtension".equals(element)) {
                extensions(value, at, where, "modifierExtension".equals(element));
            } else if (DESCRIPTIVE.contains(at) || isGeneratedNarrative(at, value)
                    || CONCEPTS.contains(path) || CODINGS.contains(path)
                    || (REFERENCES.contains(path) && Set.of("reference", "display", "identifier").contains(element))) {
                // read as a whole by the mapping, or not kept (see the class's Javadoc)
                continue;
            } else if (!MAPPED.contains(at)) {
                fault(where, at + " " + WHY.getOrDefault(at, "cannot be mapped"));
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isObject()) {
                        walk(value.get(i), at, where + "/" + i, child);
                    }
                }
            } else if (value.isObject()) {
                walk(value, at, where, child);
            }
        }
    }

    /** A copy of {@code node} without the members that carry a primitive's extensions ({@code _name}). */
    private static JsonNode valuesOnly(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = Json.mapper().createObjectNode();
            node.fields().forEachRemaining(member -> {
                if (!member.getKey().startsWith("_")) {
                    copy.set(member.getKey(), valuesOnly(member.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(item -> copy.add(valuesOnly(item)));
            return copy;
        }
        return node;
    }

    /** The definition of element {@code name} at {@code parent}; null if FHIR R4 defines none there. */
    private static BaseRuntimeElementDefinition<?> child(BaseRuntimeElementDefinition<?> parent, String name) {
        if (!(parent instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            return null;
        }
        if ("extension".equals(name) || "modifierExtension".equals(name) || "id".equals(name)) {
            return parent;
        }
        BaseRuntimeChildDefinition child = composite.getChildByName(name);
        return child == null ? null : child.getChildByName(name);
    }

    private static boolean isGeneratedNarrative(String at, JsonNode value) {
        return "Consent.text".equals(at) && "generated".equals(value.path("status").asText());
    }

    /** Extensions are Kith's, where Kith puts them (their parts checked by the mapping); any other cannot be mapped. */
    private void extensions(JsonNode list, String at, String where, boolean modifiers) {
        if (!list.isArray()) {
            fault(where, at + " must be an array of extensions");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String holder = at.substring(0, at.lastIndexOf('.'));
            Optional<FhirExtensions.Definition> known = FhirExtensions.of(list.get(i).path("url").textValue())
                    .filter(d -> d.context().equals(holder.replace("Consent.sourceAttachment", "Consent.source[x]"))
                            && d.modifier() == modifiers);
            if (known.isEmpty()) {
                fault(where + "/" + i, at + "[" + i + "] is not an extension Kith defines here: cannot be mapped"
                        + (modifiers ? ", and as a modifier it cannot be ignored" : ""));
            }
        }
    }

    // ---- parsing --------------------------------------------------------------------------------

    private Consent parse(String json) {
        try {
            return FHIR.newJsonParser().setParserErrorHandler(new Collecting()).parseResource(Consent.class, json);
        } catch (DataFormatException e) {
            // the FHIR parser's message quotes what it could not read: never echoed
            fault("", "not a valid FHIR R4 Consent (an element, a code or a value does not read)");
        } catch (RuntimeException e) {
            // HAPI's parser fails on some malformed documents (an empty member name): the sender's fault, not the hub's
            fault("", "not a valid FHIR R4 Consent (the document does not read as FHIR JSON)");
        }
        return null;
    }

    // ---- the mapping ----------------------------------------------------------------------------

    private ObjectNode directive(Consent c, Optional<String> familyId) {
        check(c.getStatus() == Consent.ConsentState.ACTIVE, "Consent.status", "must be active");
        check(!c.getScope().getCoding().isEmpty() && c.getScope().getCoding().stream()
                .allMatch(is(FhirConsents.CONSENT_SCOPE, "patient-privacy")),
                "Consent.scope", "must be patient-privacy (" + FhirConsents.CONSENT_SCOPE + ")");
        for (int i = 0; i < c.getCategory().size(); i++) {
            check(c.getCategory().get(i).getCoding().stream()
                    .allMatch(x -> CATEGORIES.contains(x.getSystem() + "|" + x.getCode())),
                    "Consent.category[" + i + "]", "must say a consent to disclose information (LOINC 59284-0 or "
                            + "64292-6, or v3-ActCode IDSCL, INFA or INFAO)");
        }
        if (c.hasPolicyRule()) {
            check(c.getPolicyRule().getCoding().stream().allMatch(is(FhirConsents.ACT_CODE, "OPTIN")),
                    "Consent.policyRule", "must be OPTIN (v3-ActCode): Kith's base rule is opt-in, nothing goes "
                            + "without consent or authority");
        }
        ObjectNode d = Json.mapper().createObjectNode();
        directiveId(c).ifPresent(id -> d.put("directiveId", id));
        kithExtensions(c, d, familyId);
        ArrayNode subjects = d.putArray("subjects");
        personId(c.getPatient(), "Consent.patient").ifPresent(subjects::add);
        List<Extension> more = extensions(c.getExtension(), "subjects");
        for (int i = 0; i < more.size(); i++) {
            personId(more.get(i).getValue(), extensionPath("Consent", "subjects", i)).ifPresent(subjects::add);
        }
        grantor(c).ifPresent(grantor -> d.set("grantor", grantor));
        if (check(c.hasProvision(), "Consent.provision", "is required")) {
            provision(c.getProvision(), d);
        }
        evidence(c).ifPresent(evidence -> d.set("evidence", evidence));
        organization(c, d);
        List<Violation> invalid = Validator.INSTANCE.validateData(MessageType.CONSENT_DIRECTIVE,
                Purpose.CONSENT_MANAGEMENT, d);
        List<String> failed = faults.stream().map(Violation::pointer).toList();
        for (Violation v : invalid) {
            String home = FhirConsents.home(v.pointer().substring("/data".length()));
            String at = pointer(home);
            // what the mapping already refused there (and so left out) is that refusal, said once
            if (failed.stream().noneMatch(f -> f.startsWith(at) || at.startsWith(f))) {
                fault(at, home + ": " + v.message());
            }
        }
        return d;
    }

    private Optional<String> directiveId(Consent c) {
        List<Identifier> ids = c.getIdentifier();
        // The recording system's own id is the directive's id when it is the only one it gives.
        Optional<Identifier> id = ids.stream().filter(i -> FhirConsents.DIRECTIVE.equals(i.getSystem())).findFirst()
                .or(() -> ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty());
        if (!check(id.isPresent() && id.get().hasValue(), "Consent.identifier",
                "is required: one with system " + FhirConsents.DIRECTIVE + ", or a single one")) {
            return Optional.empty();
        }
        for (int i = 0; i < ids.size(); i++) {
            check(ids.get(i) == id.get(), "Consent.identifier[" + i + "]",
                    "cannot be mapped: a directive has one id (system " + FhirConsents.DIRECTIVE + ")");
        }
        return Optional.of(id.get().getValue());
    }

    /** The Consent's own Kith extensions: the family, a revocation, the directive replaced, the redisclosure flag. */
    private void kithExtensions(Consent c, ObjectNode d, Optional<String> familyId) {
        single(c.getExtension(), "familyId", "Consent").ifPresent(x -> text(x, extensionPath("Consent", "familyId", 0))
                .ifPresent(family -> check(familyId.isEmpty() || familyId.get().equals(family),
                        extensionPath("Consent", "familyId", 0), "names another family than the request")));
        single(c.getExtension(), "revokedAt", "Consent").ifPresent(x -> fault(pointer("Consent.extension"),
                extensionPath("Consent", "revokedAt", 0) + ": a revoked directive does not import"));
        single(c.getExtension(), "replaces", "Consent").ifPresent(x ->
                idOf(x.getValue(), FhirConsents.DIRECTIVE, extensionPath("Consent", "replaces", 0))
                        .ifPresent(id -> d.put("replaces", id)));
        scalars(d, c.getExtension(), "Consent", "redisclosureAllowed");
    }

    private Optional<ObjectNode> grantor(Consent c) {
        if (!check(c.getPerformer().size() == 1, "Consent.performer", "exactly one, the grantor, is required")) {
            return Optional.empty();
        }
        Reference performer = c.getPerformerFirstRep();
        ObjectNode grantor = Json.mapper().createObjectNode();
        personId(performer, "Consent.performer[0]").ifPresent(id -> grantor.put("personId", id));
        if (performer.hasDisplay()) {
            grantor.put("name", performer.getDisplay());
        }
        scalars(grantor, performer.getExtension(), "Consent.performer", "capacity", "relationship");
        return Optional.of(grantor);
    }

    private void provision(Consent.ProvisionComponent p, ObjectNode d) {
        // a code FHIR does not define reads as no value: refused by the parser already, with its place
        if (check(p.hasType(), "Consent.provision.type", "is required") && p.getType() != null) {
            d.put("effect", p.getType().toCode());
        }
        actors(p.getActor(), d);
        for (int i = 0; i < p.getAction().size(); i++) {
            check(!p.getAction().get(i).getCoding().isEmpty() && p.getAction().get(i).getCoding().stream()
                    .allMatch(x -> FhirConsents.CONSENT_ACTION.equals(x.getSystem()) && x.hasCode()
                            && ACTIONS.contains(x.getCode())),
                    "Consent.provision.action[" + i + "]", "must be access, use or disclose (" + FhirConsents.CONSENT_ACTION
                            + "): a directive governs what its recipients get");
        }
        d.set("categories", kithCodes(p.getClass_(), FhirConsents.CATEGORY, code -> Category.fromCode(code).isPresent(),
                "Consent.provision.class", "Kith category"));
        d.set("purposes", kithCodes(p.getPurpose(), FhirConsents.PURPOSE, code -> Purpose.fromCode(code).isPresent(),
                "Consent.provision.purpose", "Kith purpose"));
        List<Extension> types = extensions(p.getModifierExtension(), "messageTypes");
        if (!types.isEmpty()) {
            ArrayNode messageTypes = d.putArray("messageTypes");
            for (int i = 0; i < types.size(); i++) {
                text(types.get(i), "Consent.provision.modifierExtension[" + i + "]").ifPresent(messageTypes::add);
            }
        }
        if (check(p.hasPeriod(), "Consent.provision.period", "is required")) {
            ObjectNode period = d.putObject("period");
            day(p.getPeriod().getStartElement(), "Consent.provision.period.start").ifPresent(day -> period.put("from", day));
            day(p.getPeriod().getEndElement(), "Consent.provision.period.end").ifPresent(day -> period.put("to", day));
        }
    }

    /** Recipients (IRCP, or PRCP as other systems write it) and sources (CST), by partner id or by partner kind. */
    private void actors(List<Consent.provisionActorComponent> actors, ObjectNode d) {
        List<String> fields = List.of("recipients", "recipientKinds", "sources", "sourceKinds");
        fields.forEach(d::putArray);
        boolean allMap = true;
        for (int i = 0; i < actors.size(); i++) {
            Consent.provisionActorComponent actor = actors.get(i);
            String at = "Consent.provision.actor[" + i + "]";
            List<Coding> role = actor.getRole().getCoding();
            boolean recipient = role.stream().anyMatch(is(FhirConsents.PARTICIPATION, "IRCP")
                    .or(is(FhirConsents.PARTICIPATION, "PRCP")));
            boolean source = role.stream().anyMatch(is(FhirConsents.PARTICIPATION, "CST"));
            boolean roleMaps = check(recipient != source, at + ".role",
                    "must be IRCP or PRCP (a recipient) or CST (a source) of " + FhirConsents.PARTICIPATION);
            Identifier id = actor.getReference().getIdentifier();
            boolean kind = FhirConsents.PARTNER_KIND.equals(id.getSystem());
            boolean idMaps = check((kind || FhirConsents.PARTNER.equals(id.getSystem())) && id.hasValue(),
                    at + ".reference.identifier", "with system " + FhirConsents.PARTNER + " or "
                            + FhirConsents.PARTNER_KIND + " and a value is required");
            allMap &= roleMaps && idMaps;
            if (roleMaps && idMaps) {
                d.withArray(recipient ? (kind ? "recipientKinds" : "recipients") : (kind ? "sourceKinds" : "sources"))
                        .add(id.getValue());
            }
        }
        fields.stream().filter(field -> d.get(field).isEmpty()).forEach(d::remove);
        check(d.has("recipients") || d.has("recipientKinds") || !allMap,
                "Consent.provision.actor", "with role IRCP or PRCP (a recipient) is required");
    }

    private Optional<ObjectNode> evidence(Consent c) {
        ObjectNode evidence = Json.mapper().createObjectNode();
        if (check(c.hasSourceAttachment() && c.getSourceAttachment().hasTitle(), "Consent.sourceAttachment.title",
                "(the consent form and where it is filed) is required")) {
            evidence.put("formReference", c.getSourceAttachment().getTitle());
        }
        if (c.hasDateTime()) {
            day(c.getDateTimeElement(), "Consent.dateTime").ifPresent(day -> evidence.put("signedOn", day));
        }
        scalars(evidence, c.getExtension(), "Consent", "method", "explainedInLanguage", "interpreterUsed");
        if (c.hasSourceAttachment()) {
            Attachment form = c.getSourceAttachment();
            scalars(evidence, form.getExtension(), "Consent.sourceAttachment", "documentSha256");
        }
        single(c.getExtension(), "witness", "Consent").ifPresent(x -> parts(evidence.putObject("witness"), x));
        return evidence.isEmpty() ? Optional.empty() : Optional.of(evidence);
    }

    /**
     * Who recorded the directive ({@code recordedBy}, an extension) and for which partner
     * ({@code Consent.organization}, the organization that manages the consent): an organization maps
     * only as the partner of the worker who recorded it.
     */
    private void organization(Consent c, ObjectNode d) {
        Optional<Extension> recordedBy = single(c.getExtension(), "recordedBy", "Consent");
        recordedBy.ifPresent(x -> parts(d.putObject("recordedBy"), x));
        List<Reference> organizations = c.getOrganization();
        for (int i = 0; i < organizations.size(); i++) {
            String at = "Consent.organization[" + i + "]";
            Identifier id = organizations.get(i).getIdentifier();
            if (check(FhirConsents.PARTNER.equals(id.getSystem()) && id.hasValue(), at + ".identifier",
                    "with system " + FhirConsents.PARTNER + " is required: the organization maps to the recording "
                            + "partner (recordedBy.partnerId)")
                    && check(i == 0, at, "cannot be mapped: a directive is recorded by one partner")
                    && check(recordedBy.isPresent(), at, "maps to recordedBy.partnerId, which needs the extension "
                            + FhirExtensions.url("recordedBy") + " naming who recorded it")) {
                ((ObjectNode) d.get("recordedBy")).put("partnerId", id.getValue());
            }
        }
    }

    private ArrayNode kithCodes(List<Coding> codings, String system, Predicate<String> known, String element,
                                String what) {
        ArrayNode codes = Json.mapper().createArrayNode();
        for (int i = 0; i < codings.size(); i++) {
            Coding coding = codings.get(i);
            if (check(system.equals(coding.getSystem()) && coding.hasCode() && known.test(coding.getCode()),
                    element + "[" + i + "]",
                    "is not a " + what + " (system " + system + ")")) {
                codes.add(coding.getCode());
            }
        }
        check(!codings.isEmpty(), element, "is required");
        return codes;
    }

    private static final Pattern FULL_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** A full date: the day as written, whatever time of day follows it. */
    private Optional<String> day(DateTimeType value, String element) {
        // a value the parser could not read (refused by it already) has a text but no date
        if (!check(value != null && value.hasValue(), element, "is required")
                || !check(value.getValue() != null && value.getPrecision().compareTo(TemporalPrecisionEnum.DAY) >= 0
                        && FULL_DATE.matcher(value.getValueAsString()).lookingAt(), element, "must be a full date")) {
            return Optional.empty();
        }
        return Optional.of(value.getValueAsString().substring(0, 10));
    }

    private Optional<String> personId(Type reference, String element) {
        if (!check(reference instanceof Reference, element, "must be a Reference")) {
            return Optional.empty();
        }
        return idOf(((Reference) reference).getIdentifier(), FhirConsents.PERSON, element + ".identifier");
    }

    private Optional<String> idOf(Type identifier, String system, String element) {
        if (!check(identifier instanceof Identifier i && system.equals(i.getSystem()) && i.hasValue(), element,
                "with system " + system + " and a value is required")) {
            return Optional.empty();
        }
        return Optional.of(((Identifier) identifier).getValue());
    }

    // ---- extensions -----------------------------------------------------------------------------

    /** The extensions of Kith's {@code name} among {@code all} (by canonical URL or former URN). */
    private static List<Extension> extensions(List<Extension> all, String name) {
        return all.stream().filter(x -> FhirExtensions.of(x.getUrl()).map(d -> d.name().equals(name)).orElse(false))
                .toList();
    }

    private Optional<Extension> single(List<Extension> all, String name, String element) {
        List<Extension> found = extensions(all, name);
        check(found.size() <= 1, extensionPath(element, name, 1), "may appear once");
        return found.stream().findFirst();
    }

    private void scalars(ObjectNode into, List<Extension> from, String element, String... fields) {
        for (String field : fields) {
            single(from, field, element).ifPresent(x -> {
                if (x.getValue() instanceof BooleanType flag && flag.hasValue()) {
                    into.put(field, flag.booleanValue());
                } else {
                    text(x, extensionPath(element, field, 0)).ifPresent(text -> into.put(field, text));
                }
            });
        }
    }

    /** A complex extension's parts ({@code name}, {@code role}) as text fields; a part of another name is refused. */
    private void parts(ObjectNode into, Extension from) {
        String element = extensionPath("Consent", FhirExtensions.of(from.getUrl()).orElseThrow().name(), 0);
        for (Extension part : from.getExtension()) {
            if (check(part.getUrl() != null && Set.of("name", "role").contains(part.getUrl()), element + ".extension",
                    "holds a part that is not name or role: cannot be mapped")
                    && check(!into.has(part.getUrl()), element + ".extension", "has a part twice")) {
                text(part, element + ".extension").ifPresent(text -> into.put(part.getUrl(), text));
            }
        }
    }

    private Optional<String> text(Extension extension, String element) {
        if (!check(extension.getValue() instanceof PrimitiveType<?> p && p.hasValue(), element, "needs a value")) {
            return Optional.empty();
        }
        return Optional.of(((PrimitiveType<?>) extension.getValue()).getValueAsString());
    }

    private static String extensionPath(String element, String name, int index) {
        return element + ".extension(" + FhirExtensions.url(name) + ")";
    }

    // ---- faults ---------------------------------------------------------------------------------

    /** Whether {@code holds}; if not, the fault that {@code element} {@code message}. */
    private boolean check(boolean holds, String element, String message) {
        if (!holds) {
            fault(pointer(element), element + " " + message);
        }
        return holds;
    }

    private void fault(String pointer, String message) {
        Violation violation = new Violation(pointer, message);
        if (!faults.contains(violation)) {
            faults.add(violation);
        }
    }

    /**
     * The JSON pointer of an element given by its FHIRPath ({@code Consent.provision.actor[0].role}
     * is {@code /provision/actor/0/role}); an extension's is that of the list holding it.
     */
    static String pointer(String fhirPath) {
        String path = fhirPath;
        int cut = path.indexOf('(');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        cut = path.indexOf(' ');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        if (path.startsWith("Consent")) {
            path = path.substring("Consent".length());
        }
        return path.replace('.', '/').replaceAll("\\[(\\d+)]", "/$1").replace("[x]", "");
    }

    private static Predicate<Coding> is(String system, String code) {
        return coding -> system.equals(coding.getSystem()) && code.equals(coding.getCode());
    }

    /** Loads every schema: built on first use, not when the class is. */
    private static final class Validator {
        static final SubmissionValidator INSTANCE = new SubmissionValidator();
    }

    /**
     * HAPI's parser reporting what does not read as FHIR, with messages that name the element where
     * the fault is and never what was found there. An element FHIR does not define is the walk's to
     * refuse (it knows where it is); the parser skips it.
     */
    private final class Collecting implements IParserErrorHandler {

        @Override
        public void unknownElement(IParseLocation location, String elementName) {
            // refused by the walk, with its place
        }

        @Override
        public void unknownAttribute(IParseLocation location, String attributeName) {
            refused("an attribute FHIR R4 does not define", location);
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
            refused("an element repeated that may appear once", location);
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String elementName) {
            refused("a required element missing", location);
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, BaseJsonLikeValue.ValueType expected,
                                      BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                                      BaseJsonLikeValue.ScalarType foundScalar) {
            refused("a value of the wrong JSON type", location);
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            refused("an invalid value", location);
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            refused("an unresolvable reference", location);
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            unknownReference(location, reference);
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            refused("a contained resource without an id", location);
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            refused("an extension with both a value and extensions", location);
        }

        private void refused(String what, IParseLocation location) {
            fault("", "not a valid FHIR R4 Consent: " + what + " in "
                    + (location == null || location.getParentElementName() == null
                    ? "the resource" : location.getParentElementName()));
        }
    }
}
