package org.kith.hub.fhir;

import static org.kith.hub.fhir.FhirShape.VALUE;
import static org.kith.hub.fhir.FhirShape.VALUES;
import static org.kith.hub.fhir.FhirShape.many;
import static org.kith.hub.fhir.FhirShape.one;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.Violation;

/**
 * A referral as a FHIR R4 transaction Bundle (a ServiceRequest, its Patients and a Task ordering it
 * from the recipient) and back. Inbound, {@link #submission} reads the partner's Bundle into the
 * structured CloudEvent the REST ingress reads, refusing every element the mapping does not map
 * ({@link FhirShape}) and every value it cannot carry, at the element's FHIRPath; outbound,
 * {@link #bundle} writes a released (redacted) referral as the Bundle a FHIR recipient reads, or
 * nothing if the referral holds a field FHIR does not carry here (then the recipient gets the Kith
 * JSON, so that nothing released is dropped). The table is in {@code docs/fhir.md}.
 */
public final class FhirReferrals {

    private static final FhirShape CODING = many("system", VALUE, "code", VALUE, "display", VALUE);
    private static final FhirShape CODED = one("coding", CODING);
    private static final FhirShape IDENTIFIERS = many("system", VALUE, "value", VALUE);
    private static final FhirShape PARTNER = one("identifier", one("system", VALUE, "value", VALUE));
    private static final FhirShape LOCAL = one("reference", VALUE);
    private static final FhirShape EXTENSIONS = many("url", VALUE, "valueString", VALUE, "valueCode", VALUE);

    static final Map<String, FhirShape> RESOURCES = Map.of(
            "Patient", one("resourceType", VALUE, "id", VALUE, "identifier", IDENTIFIERS, "extension", EXTENSIONS,
                    "name", one("family", VALUE, "given", VALUES), "birthDate", VALUE, "gender", VALUE,
                    "telecom", one("system", VALUE, "value", VALUE),
                    "address", one("line", VALUE, "city", VALUE, "postalCode", VALUE, "district", VALUE),
                    "communication", one("language", CODED)),
            "ServiceRequest", one("resourceType", VALUE, "id", VALUE, "identifier", IDENTIFIERS, "extension", EXTENSIONS,
                    "status", VALUE, "intent", VALUE, "category", CODED, "code", CODED, "priority", VALUE,
                    "subject", LOCAL, "supportingInfo", many("reference", VALUE),
                    "occurrenceDateTime", VALUE, "occurrencePeriod", one("start", VALUE, "end", VALUE),
                    "authoredOn", VALUE, "requester", one("identifier", one("system", VALUE, "value", VALUE), "display", VALUE),
                    "performer", PARTNER, "reasonCode", one("text", VALUE)),
            "Task", one("resourceType", VALUE, "id", VALUE, "status", VALUE, "intent", VALUE, "code", CODED,
                    "focus", LOCAL, "for", LOCAL, "owner", PARTNER, "requester", PARTNER, "authoredOn", VALUE));
    private static final FhirShape BUNDLE = one("resourceType", VALUE, "type", VALUE,
            "entry", many("fullUrl", VALUE, "resource", FhirShape.ELSEWHERE, "request", one("method", VALUE, "url", VALUE)));

    /** Gravity SDOH Clinical Care categories (SDOHCC temporary codes) that name a Kith service type. */
    static final Map<String, String> SDOH_CATEGORIES = Map.of(
            "housing-instability", "housing", "homelessness", "housing", "inadequate-housing", "housing",
            "financial-insecurity", "income-support", "intimate-partner-violence", "domestic-violence-services",
            "educational-attainment", "education-support");
    private static final List<String> SERVICE_TYPES = List.of("mental-health", "substance-use-treatment", "parenting",
            "housing", "domestic-violence-services", "early-intervention", "education-support", "health-care",
            "family-preservation", "child-care", "income-support", "legal-aid");
    private static final List<String> ROLES = List.of("child", "youth", "parent", "caregiver", "kin", "foster-parent",
            "sibling", "other");
    /** A date-time with a time and a zone (what Kith's date-time fields take), not a FHIR partial date. */
    private static final String DATE_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})";

    private FhirReferrals() {
    }

    /**
     * The structured CloudEvent ({@code application/cloudevents+json}) of a partner's referral Bundle,
     * for the REST ingress's reader to validate and store as any other.
     *
     * <p>The CloudEvent's source is the ServiceRequest's requester: the reader refuses it (403) unless
     * it is the authenticated partner, as it refuses any other submission's source.
     *
     * @param eventId the event id the signature check claimed for these bytes
     * @throws ProblemException 400 if HAPI cannot read the body as a FHIR R4 Bundle, 422 with every
     *                          element that does not map
     */
    public static byte[] submission(byte[] body, String eventId) {
        Bundle bundle = FhirR4.parse(Bundle.class, body);
        JsonNode tree = tree(body);
        List<Violation> found = new ArrayList<>();
        BUNDLE.check(tree, "Bundle", found);
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            found.add(new Violation("Bundle.type", "must be transaction"));
        }
        Entries entries = entries(bundle, tree, found);
        if (!found.isEmpty() || entries.request == null || entries.task == null) {
            throw FhirR4.unmapped(found);
        }
        ObjectNode event = Json.mapper().createObjectNode();
        ObjectNode data = referral(entries, event, found);
        task(entries, event, found);
        if (!found.isEmpty()) {
            throw FhirR4.unmapped(found);
        }
        event.put("specversion", "1.0").put("id", eventId)
                .put("type", MessageType.REFERRAL.typeName())
                .put("subject", data.path("referralId").asText()).put("purpose", "referral")
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return bytes(event);
    }

    /** The Bundle's entries by kind, each with its FHIRPath. */
    private static final class Entries {
        ServiceRequest request;
        String requestPath;
        Task task;
        String taskPath;
        final List<Patient> patients = new ArrayList<>();
        final List<String> patientPaths = new ArrayList<>();
        final List<String> patientUrls = new ArrayList<>();
        String requestUrl;
    }

    private static Entries entries(Bundle bundle, JsonNode tree, List<Violation> found) {
        Entries entries = new Entries();
        List<Bundle.BundleEntryComponent> list = bundle.getEntry();
        for (int i = 0; i < list.size(); i++) {
            String path = "Bundle.entry[" + i + "].resource";
            Resource resource = list.get(i).getResource();
            if (resource == null) {
                found.add(new Violation(path, "every entry must hold a resource"));
                continue;
            }
            String type = resource.fhirType();
            FhirShape shape = RESOURCES.get(type);
            if (shape == null) {
                found.add(new Violation(path, "a resource type the Kith referral mapping does not map"));
                continue;
            }
            shape.check(tree.path("entry").path(i).path("resource"), path, found);
            String url = list.get(i).getFullUrl();
            if (resource instanceof ServiceRequest request && entries.request == null) {
                entries.request = request;
                entries.requestPath = path;
                entries.requestUrl = url;
            } else if (resource instanceof Task task && entries.task == null) {
                entries.task = task;
                entries.taskPath = path;
            } else if (resource instanceof Patient patient) {
                entries.patients.add(patient);
                entries.patientPaths.add(path);
                entries.patientUrls.add(url);
            } else {
                found.add(new Violation(path, "one " + type + " per Bundle is mapped"));
            }
        }
        if (entries.request == null) {
            found.add(new Violation("Bundle.entry", "a ServiceRequest (the referral) is required"));
        }
        if (entries.task == null) {
            found.add(new Violation("Bundle.entry", "a Task (intent order, focus the ServiceRequest) is required"));
        }
        if (entries.patients.isEmpty()) {
            found.add(new Violation("Bundle.entry", "a Patient (the ServiceRequest's subject) is required"));
        }
        return entries;
    }

    private static ObjectNode referral(Entries entries, ObjectNode event, List<Violation> found) {
        ServiceRequest sr = entries.request;
        String at = entries.requestPath;
        ObjectNode data = Json.mapper().createObjectNode();
        if (sr.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE) {
            found.add(new Violation(at + ".status", "must be active"));
        }
        if (sr.getIntent() != ServiceRequest.ServiceRequestIntent.ORDER) {
            found.add(new Violation(at + ".intent", "must be order"));
        }
        Optional<String> referralId = identifier(sr.getIdentifier(), FhirR4.REFERRAL, at + ".identifier", found);
        referralId.ifPresent(id -> data.put("referralId", id));
        String familyId = null;
        for (int i = 0; i < sr.getExtension().size(); i++) {
            Extension x = sr.getExtension().get(i);
            if (FhirExtensions.FAMILY_ID.equals(x.getUrl()) && x.getValue() instanceof StringType value && familyId == null) {
                familyId = value.getValue();
            } else {
                found.add(new Violation(at + ".extension[" + i + "]", "an extension the Kith mapping does not map"));
            }
        }
        if (familyId == null) {
            found.add(new Violation(at + ".extension", "the family id extension (" + FhirExtensions.FAMILY_ID + ") is required"));
        } else {
            event.put("familyid", familyId);
            String family = familyId;
            referralId.filter(id -> FhirTasks.taskId(family, id).isEmpty()).ifPresent(id -> found.add(new Violation(
                    at + ".identifier", "the family id and referral id must make a FHIR Task id: letters, digits and '-'"
                    + " (the family id without '.'), 63 characters together at most")));
        }
        serviceType(sr, at, found).ifPresent(type -> data.put("serviceType", type));
        if (sr.hasPriority()) {
            data.put("urgency", switch (sr.getPriority()) {
                case ROUTINE -> "routine";
                case URGENT -> "urgent";
                default -> "emergency";
            });
        }
        if (sr.getReasonCodeFirstRep().hasText()) {
            data.put("reason", sr.getReasonCodeFirstRep().getText());
        } else {
            found.add(new Violation(at + ".reasonCode", "the reason (reasonCode.text) is required"));
        }
        if (sr.hasOccurrenceDateTimeType()) {
            dateTime(sr.getOccurrenceDateTimeType(), at + ".occurrenceDateTime", found)
                    .ifPresent(start -> data.putObject("occurrence").put("start", start));
        } else if (sr.hasOccurrencePeriod()) {
            Period period = sr.getOccurrencePeriod();
            ObjectNode occurrence = data.putObject("occurrence");
            dateTime(period.getStartElement(), at + ".occurrencePeriod.start", found).ifPresent(s -> occurrence.put("start", s));
            if (period.hasEnd()) {
                dateTime(period.getEndElement(), at + ".occurrencePeriod.end", found).ifPresent(e -> occurrence.put("end", e));
            }
        }
        if (sr.hasAuthoredOn()) {
            dateTime(sr.getAuthoredOnElement(), at + ".authoredOn", found).ifPresent(time -> event.put("time", time));
        }
        Optional<String> referrer = FhirR4.partner(sr.getRequester());
        if (referrer.isEmpty()) {
            found.add(new Violation(at + ".requester", "must name the referring partner by identifier (" + FhirR4.PARTNER + ")"));
        }
        // the source: the ingress's reader refuses one that is not the credential's partner (403)
        referrer.ifPresent(id -> event.put("source", id));
        if (sr.getRequester().hasDisplay()) {
            data.putObject("requester").put("name", sr.getRequester().getDisplay());
        }
        Optional<String> recipient = FhirR4.partner(sr.getPerformerFirstRep());
        if (recipient.isEmpty()) {
            found.add(new Violation(at + ".performer", "must name the recipient partner by identifier (" + FhirR4.PARTNER + ")"));
        }
        recipient.ifPresent(id -> event.put("recipients", id));
        persons(entries, data, found);
        return data;
    }

    private static Optional<String> serviceType(ServiceRequest sr, String at, List<Violation> found) {
        List<String> named = new ArrayList<>();
        coded(sr.getCategoryFirstRep(), at + ".category[0]", found, named, true);
        coded(sr.getCode(), at + ".code", found, named, false);
        if (named.isEmpty()) {
            found.add(new Violation(at + ".category", "a service type is required: a " + FhirR4.SERVICE_TYPE
                    + " code in category or code, or a Gravity SDOH category that names one"));
            return Optional.empty();
        }
        if (named.stream().distinct().count() > 1) {
            found.add(new Violation(at + ".code", "category and code name different service types"));
        }
        return Optional.of(named.get(0));
    }

    private static void coded(CodeableConcept concept, String at, List<Violation> found, List<String> named, boolean sdoh) {
        for (int i = 0; i < concept.getCoding().size(); i++) {
            Coding coding = concept.getCoding().get(i);
            String type = null;
            if (FhirR4.SERVICE_TYPE.equals(coding.getSystem()) && SERVICE_TYPES.contains(coding.getCode())) {
                type = coding.getCode();
            } else if (sdoh && FhirR4.SDOHCC.equals(coding.getSystem())) {
                type = SDOH_CATEGORIES.get(coding.getCode());
            }
            if (type == null) {
                found.add(new Violation(at + ".coding[" + i + "]", "a code the Kith mapping does not map to a service type"));
            } else {
                named.add(type);
            }
        }
    }

    private static void persons(Entries entries, ObjectNode data, List<Violation> found) {
        String subject = entries.request.getSubject().getReference();
        int first = entries.patientUrls.indexOf(subject);
        if (first < 0) {
            found.add(new Violation(entries.requestPath + ".subject", "must reference a Patient entry by its fullUrl"));
            return;
        }
        var persons = data.putArray("persons");
        List<Integer> order = new ArrayList<>();
        order.add(first);
        for (int i = 0; i < entries.patients.size(); i++) {
            if (i != first) {
                order.add(i);
            }
        }
        for (int i : order) {
            ObjectNode person = person(entries.patients.get(i), entries.patientPaths.get(i), found);
            persons.add(person);
            if (i == first) {
                contact(entries.patients.get(i), data);
            } else if (entries.patients.get(i).hasTelecom() || entries.patients.get(i).hasAddress()) {
                found.add(new Violation(entries.patientPaths.get(i), "only the subject's telecom and address are mapped"
                        + " (as the family's contact)"));
            }
        }
        for (int i = 0; i < entries.request.getSupportingInfo().size(); i++) {
            if (!entries.patientUrls.contains(entries.request.getSupportingInfo().get(i).getReference())) {
                found.add(new Violation(entries.requestPath + ".supportingInfo[" + i + "]", "must reference a Patient entry"));
            }
        }
    }

    private static ObjectNode person(Patient patient, String at, List<Violation> found) {
        ObjectNode person = Json.mapper().createObjectNode();
        identifier(patient.getIdentifier(), FhirR4.PERSON, at + ".identifier", found).ifPresent(id -> person.put("personId", id));
        String role = "other";
        for (int i = 0; i < patient.getExtension().size(); i++) {
            Extension x = patient.getExtension().get(i);
            if (FhirExtensions.PERSON_ROLE.equals(x.getUrl()) && x.getValue() instanceof CodeType code
                    && ROLES.contains(code.getCode())) {
                role = code.getCode();
            } else {
                found.add(new Violation(at + ".extension[" + i + "]", "an extension or role code the Kith mapping does not map"));
            }
        }
        person.put("role", role);
        HumanName name = patient.getNameFirstRep();
        if (name.hasGiven()) {
            if (name.getGiven().size() > 1) {
                found.add(new Violation(at + ".name[0].given[1]", "one given name is mapped"));
            }
            person.put("givenName", name.getGiven().get(0).getValue());
        }
        if (name.hasFamily()) {
            person.put("familyName", name.getFamily());
        }
        if (patient.hasBirthDate()) {
            person.put("birthDate", patient.getBirthDateElement().getValueAsString());
            if (patient.getBirthDateElement().getValueAsString().length() != 10) {
                found.add(new Violation(at + ".birthDate", "must be a full date"));
            }
        }
        ObjectNode demographics = Json.mapper().createObjectNode();
        if (patient.hasGender()) {
            demographics.put("gender", patient.getGender() == AdministrativeGender.UNKNOWN ? "declined"
                    : patient.getGender().toCode());
        }
        if (patient.hasCommunication()) {
            List<Coding> codings = patient.getCommunicationFirstRep().getLanguage().getCoding();
            if (codings.size() == 1 && "urn:ietf:bcp:47".equals(codings.get(0).getSystem())) {
                demographics.put("primaryLanguage", codings.get(0).getCode());
            } else {
                found.add(new Violation(at + ".communication[0].language", "one urn:ietf:bcp:47 coding is mapped"));
            }
        }
        if (!demographics.isEmpty()) {
            person.set("demographics", demographics);
        }
        return person;
    }

    private static void contact(Patient patient, ObjectNode data) {
        ObjectNode contact = Json.mapper().createObjectNode();
        if (patient.hasTelecom()) {
            contact.put("phone", patient.getTelecomFirstRep().getValue());
        }
        if (patient.hasAddress()) {
            Address a = patient.getAddressFirstRep();
            ObjectNode address = contact.putObject("address");
            if (a.hasLine()) {
                address.put("line", a.getLine().get(0).getValue());
            }
            if (a.hasCity()) {
                address.put("city", a.getCity());
            }
            if (a.hasPostalCode()) {
                address.put("postalCode", a.getPostalCode());
            }
            if (a.hasDistrict()) {
                address.put("area", a.getDistrict());
            }
        }
        if (!contact.isEmpty()) {
            data.set("familyContact", contact);
        }
    }

    private static void task(Entries entries, ObjectNode event, List<Violation> found) {
        Task task = entries.task;
        String at = entries.taskPath;
        if (task.getStatus() != Task.TaskStatus.REQUESTED) {
            found.add(new Violation(at + ".status", "must be requested"));
        }
        if (task.getIntent() != Task.TaskIntent.ORDER) {
            found.add(new Violation(at + ".intent", "must be order"));
        }
        if (task.hasCode() && task.getCode().getCoding().stream()
                .anyMatch(c -> !FhirR4.TASK_CODE.equals(c.getSystem()) || !"fulfill".equals(c.getCode()))) {
            found.add(new Violation(at + ".code", "must be fulfill (" + FhirR4.TASK_CODE + ")"));
        }
        if (entries.requestUrl == null || !entries.requestUrl.equals(task.getFocus().getReference())) {
            found.add(new Violation(at + ".focus", "must reference the ServiceRequest entry by its fullUrl"));
        }
        if (task.hasFor() && !task.getFor().getReference().equals(entries.request.getSubject().getReference())) {
            found.add(new Violation(at + ".for", "must reference the ServiceRequest's subject"));
        }
        Optional<String> owner = FhirR4.partner(task.getOwner());
        if (owner.isEmpty() || !owner.get().equals(event.path("recipients").asText(null))) {
            found.add(new Violation(at + ".owner", "must name the ServiceRequest's performer (" + FhirR4.PARTNER + ")"));
        }
        if (task.hasRequester() && !FhirR4.partner(task.getRequester()).equals(
                Optional.ofNullable(event.path("source").asText(null)))) {
            found.add(new Violation(at + ".requester", "must name the ServiceRequest's requester"));
        }
        if (task.hasAuthoredOn() && !task.getAuthoredOnElement().getValueAsString()
                .equals(entries.request.getAuthoredOnElement().getValueAsString())) {
            found.add(new Violation(at + ".authoredOn", "must be the ServiceRequest's authoredOn"));
        }
    }

    private static Optional<String> identifier(List<Identifier> ids, String system, String at, List<Violation> found) {
        Optional<Identifier> id = ids.stream().filter(i -> system.equals(i.getSystem())).findFirst()
                .or(() -> ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty());
        if (id.isEmpty() || !id.get().hasValue()) {
            found.add(new Violation(at, "one identifier with system " + system + " (or a single one) is required"));
            return Optional.empty();
        }
        if (ids.size() > 1) {
            found.add(new Violation(at, "other identifiers are not mapped: give only the " + system + " one"));
        }
        return Optional.of(id.get().getValue());
    }

    private static Optional<String> dateTime(DateTimeType value, String at, List<Violation> found) {
        String text = value.getValueAsString();
        if (text == null || !text.matches(DATE_TIME)) {
            found.add(new Violation(at, "must be a date-time with a time and a zone"));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    static JsonNode tree(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ProblemException(Problem.of(400, "not-fhir", "Not FHIR R4", "the body does not read as FHIR JSON"));
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- outbound ------------------------------------------------------------------------------

    /**
     * A released referral (its CloudEvent as delivered) as the transaction Bundle a FHIR recipient
     * reads: only what the copy holds (consent removed the rest). Empty if the copy holds a field this
     * mapping does not carry to FHIR, or its ids make no FHIR Task id: then it goes as Kith JSON.
     */
    public static Optional<String> bundle(JsonNode event, String recipient) {
        JsonNode data = event.path("data");
        String familyId = event.path("familyid").asText();
        String referralId = data.path("referralId").asText();
        Optional<String> taskId = FhirTasks.taskId(familyId, referralId);
        if (taskId.isEmpty() || !carried(data)) {
            return Optional.empty();
        }
        String referrer = event.path("source").asText();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        List<String> patientUrls = new ArrayList<>();
        JsonNode persons = data.path("persons");
        for (int i = 0; i < persons.size(); i++) {
            Patient patient = patient(persons.get(i), i == 0 ? data.path("familyContact") : null);
            String url = "urn:uuid:" + UUID.nameUUIDFromBytes((familyId + "|" + persons.get(i).path("personId").asText())
                    .getBytes(StandardCharsets.UTF_8));
            patientUrls.add(url);
            bundle.addEntry().setFullUrl(url).setResource(patient).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        }
        ServiceRequest sr = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        sr.addIdentifier().setSystem(FhirR4.REFERRAL).setValue(referralId);
        sr.addExtension(FhirExtensions.FAMILY_ID, new StringType(familyId));
        sr.getCode().addCoding().setSystem(FhirR4.SERVICE_TYPE).setCode(data.path("serviceType").asText());
        if (data.has("urgency")) {
            sr.setPriority(switch (data.get("urgency").asText()) {
                case "routine" -> ServiceRequest.ServiceRequestPriority.ROUTINE;
                case "urgent" -> ServiceRequest.ServiceRequestPriority.URGENT;
                default -> ServiceRequest.ServiceRequestPriority.STAT;
            });
        }
        if (data.has("reason")) {
            sr.addReasonCode().setText(data.get("reason").asText());
        }
        JsonNode occurrence = data.path("occurrence");
        if (occurrence.has("end")) {
            sr.setOccurrence(new Period().setStartElement(new DateTimeType(occurrence.get("start").asText()))
                    .setEndElement(new DateTimeType(occurrence.get("end").asText())));
        } else if (occurrence.has("start")) {
            sr.setOccurrence(new DateTimeType(occurrence.get("start").asText()));
        }
        if (event.has("time")) {
            sr.setAuthoredOnElement(new DateTimeType(event.get("time").asText()));
        }
        sr.setRequester(FhirR4.partnerReference(referrer));
        if (data.path("requester").has("name")) {
            sr.getRequester().setDisplay(data.path("requester").path("name").asText());
        }
        sr.addPerformer(FhirR4.partnerReference(recipient));
        sr.setSubject(new Reference(patientUrls.get(0)));
        patientUrls.stream().skip(1).forEach(url -> sr.addSupportingInfo(new Reference(url)));
        String requestUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(("ServiceRequest|" + taskId.get()).getBytes(StandardCharsets.UTF_8));
        bundle.addEntry().setFullUrl(requestUrl).setResource(sr).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");
        Task task = FhirTasks.task(familyId, referralId, referrer, recipient, "requested", null, null, null)
                .setFocus(new Reference(requestUrl)).setFor(new Reference(patientUrls.get(0)));
        if (sr.hasAuthoredOn()) {
            task.setAuthoredOnElement(sr.getAuthoredOnElement().copy());
        }
        String taskUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(("Task|" + taskId.get()).getBytes(StandardCharsets.UTF_8));
        bundle.addEntry().setFullUrl(taskUrl).setResource(task).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl(FhirTasks.url(taskId.get()));
        return Optional.of(FhirR4.encode(bundle));
    }

    private static Patient patient(JsonNode person, JsonNode contact) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirR4.PERSON).setValue(person.path("personId").asText());
        patient.addExtension(FhirExtensions.PERSON_ROLE, new CodeType(person.path("role").asText()));
        if (person.has("givenName") || person.has("familyName")) {
            HumanName name = patient.addName();
            if (person.has("givenName")) {
                name.addGiven(person.get("givenName").asText());
            }
            if (person.has("familyName")) {
                name.setFamily(person.get("familyName").asText());
            }
        }
        if (person.has("birthDate")) {
            patient.setBirthDateElement(new DateType(person.get("birthDate").asText()));
        }
        JsonNode demographics = person.path("demographics");
        if (demographics.has("gender")) {
            patient.setGender(switch (demographics.get("gender").asText()) {
                case "female" -> AdministrativeGender.FEMALE;
                case "male" -> AdministrativeGender.MALE;
                case "declined" -> AdministrativeGender.UNKNOWN;
                default -> AdministrativeGender.OTHER;
            });
        }
        if (demographics.has("primaryLanguage")) {
            patient.addCommunication().getLanguage().addCoding().setSystem("urn:ietf:bcp:47")
                    .setCode(demographics.get("primaryLanguage").asText());
        }
        if (contact != null && contact.has("phone")) {
            patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(contact.get("phone").asText());
        }
        JsonNode address = contact == null ? null : contact.get("address");
        if (address != null) {
            Address a = patient.addAddress();
            if (address.has("line")) {
                a.addLine(address.get("line").asText());
            }
            a.setCity(address.path("city").asText(null)).setPostalCode(address.path("postalCode").asText(null))
                    .setDistrict(address.path("area").asText(null));
        }
        return patient;
    }

    /** The referral fields the outbound Bundle carries; a copy holding any other goes as Kith JSON. */
    private static final FhirShape CARRIED = one("referralId", VALUE, "serviceType", VALUE, "urgency", VALUE,
            "reason", VALUE, "occurrence", one("start", VALUE, "end", VALUE),
            "requester", one("name", VALUE),
            "persons", many("personId", VALUE, "role", VALUE, "givenName", VALUE, "familyName", VALUE, "birthDate", VALUE,
                    "demographics", one("gender", VALUE, "primaryLanguage", VALUE)),
            "familyContact", one("phone", VALUE, "address", one("line", VALUE, "city", VALUE, "postalCode", VALUE, "area", VALUE)));

    private static boolean carried(JsonNode data) {
        List<Violation> left = new ArrayList<>();
        CARRIED.check(data, "data", left);
        return left.isEmpty();
    }
}
