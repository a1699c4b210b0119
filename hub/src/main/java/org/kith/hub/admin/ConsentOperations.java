package org.kith.hub.admin;

import org.kith.connectors.api.Body;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kith.connectors.HttpReply;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.admin.fhir.FhirConsents;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyLimitExceeded;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.family.Filing;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * What families decided and the authorities that apply to them, through the administration API:
 * consent officers record and revoke directives and record authorities (court orders, statutes,
 * mandated reports); a user with the emergency role declares child-safety break-glass access; consent
 * officers and auditors list them and their history. A document is checked exactly as the core
 * will check it ({@link Filing}), then sent into the family's stream as a message of the family's
 * child welfare agency, with an admin-change notice naming the user in the same transaction: the
 * family's order holds, a revocation is enforced before any later message of the family on every
 * instance, and the ledger says who recorded it. A user scoped to agencies reaches only families
 * whose responsible agency is one of them ({@link ScopeGate}, for every operation here: their paths
 * name the family); any other family, and a family with no profile, is 404.
 */
final class ConsentOperations {

    static final String FAMILY = AdminRoutes.FAMILIES + "/{familyId}";
    private static final String FAMILY_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Set<Role> READERS = Set.of(Role.CONSENT_OFFICER, Role.AUDITOR);
    private static final Set<Role> OFFICERS = Set.of(Role.CONSENT_OFFICER);
    static final String FHIR_JSON = "application/fhir+json";
    private static final Response NO_FAMILY = Response.problem("No such family in your scope");
    private static final Response NO_FAMILY_ANYWHERE = Response.problem("No such family in your scope: the same answer"
            + " as for a family that does not exist");
    private static final Response REFUSED = Response.problem("Refused, with the reason: nothing was sent");

    private final HistorySource history;
    private final Partners partners;
    private final FamilyRecords records;
    /** Where the family's limits come from: the core's. */
    private final FamilySource families;
    private final SubmissionValidator validator;
    private final ChangeWriter writer;
    private final Topics topics;
    private final Clock clock;
    private final int maxBytes;

    ConsentOperations(HistorySource history, Partners partners, FamilyRecords records, FamilySource families,
                      SubmissionValidator validator, ChangeWriter writer, Topics topics, Clock clock,
                      int maxBytes) {
        this.history = history;
        this.partners = partners;
        this.records = records;
        this.families = families;
        this.validator = validator;
        this.writer = writer;
        this.topics = topics;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    List<AdminOperation> operations() {
        return List.of(
                AdminOperation.get(FAMILY + "/directives", READERS, this::listDirectives)
                        .summary("The family's consent directives (JSON, or a FHIR R4 Bundle of Consents with"
                                + " format=fhir)")
                        .parameter(AdminApi.FHIR_FORMAT)
                        .responds(200, Response.json("The directives", Schemas.object())
                                .with(FHIR_JSON, Schemas.object("A FHIR R4 Bundle of Consents")))
                        .responds(404, NO_FAMILY),
                AdminOperation.post(FAMILY + "/directives", OFFICERS, exchange ->
                                record(exchange, MessageType.CONSENT_DIRECTIVE, directiveBody(exchange)))
                        .summary("Record a consent directive (consent-directive JSON, or a FHIR R4 Consent as"
                                + " application/fhir+json)")
                        .description("Checked as the enforcement core will check it (schema, the family's file, the"
                                + " grantor's authority), then sent into the family's stream for its agency with the"
                                + " notice of who recorded it.")
                        .parameter(AdminApi.AGENCY)
                        .body(Body.json(Schemas.ref("ConsentDirective"))
                                .or(FHIR_JSON, Schemas.object("A FHIR R4 Consent resource")))
                        .responds(202, Response.json("Sent: the message id and the directive id", Schemas.object()))
                        .responds(404, NO_FAMILY)
                        .responds(422, REFUSED),
                AdminOperation.get(FAMILY + "/directives/{directiveId}", READERS, this::getDirective)
                        .summary("One directive (JSON, or a FHIR R4 Consent with format=fhir)")
                        .parameter(AdminApi.FHIR_FORMAT)
                        .responds(200, Response.json("The directive", Schemas.object())
                                .with(FHIR_JSON, Schemas.object("A FHIR R4 Consent")))
                        .responds(404, Response.problem("No such directive or family in your scope")),
                AdminOperation.post(FAMILY + "/directives/{directiveId}/revoke", OFFICERS, this::revoke)
                        .summary("Revoke a directive: enforced before any later message of the family")
                        .parameter(AdminApi.AGENCY)
                        .body(Body.json(Schemas.ref("Revocation")).optional())
                        .responds(202, Response.json("Sent", Schemas.object()))
                        .responds(404, NO_FAMILY)
                        .responds(422, REFUSED),
                AdminOperation.get(FAMILY + "/directives/{directiveId}/history", READERS, exchange ->
                                history(exchange, "directive", "directiveId"))
                        .summary("Every step of a directive: recorded, by whom, revoked")
                        .responds(200, Response.json("The history", Schemas.object()))
                        .responds(404, NO_FAMILY_ANYWHERE),
                AdminOperation.get(FAMILY + "/authorities", READERS, exchange -> HttpReply.json(exchange, 200,
                        Map.of("familyId", familyId(exchange), "authorities",
                                file(exchange).authorities().stream().map(ConsentOperations::authority).toList())))
                        .summary("The family's recorded authorities: court orders, statutes, mandated reports,"
                                + " emergencies")
                        .responds(200, Response.json("The authorities", Schemas.object()))
                        .responds(404, NO_FAMILY_ANYWHERE),
                AdminOperation.post(FAMILY + "/authorities", OFFICERS, exchange -> {
                    JsonNode data = ConfigOperations.body(exchange, maxBytes);
                    if ("emergency".equals(data.path("kind").asText())) {
                        throw new ProblemException(Problem.of(403, "emergency-role", "Needs the emergency role",
                                "child-safety emergency access is declared at " + FAMILY + "/emergency"));
                    }
                    record(exchange, MessageType.LEGAL_AUTHORITY, data);
                })
                        .summary("Record a legal authority (not an emergency: that needs the emergency role)")
                        .parameter(AdminApi.AGENCY)
                        .body(Body.json(Schemas.ref("LegalAuthority")))
                        .responds(202, Response.json("Sent", Schemas.object()))
                        .responds(404, NO_FAMILY)
                        .responds(422, REFUSED),
                AdminOperation.get(FAMILY + "/authorities/{authorityId}/history", READERS, exchange ->
                                history(exchange, "authority", "authorityId"))
                        .summary("Every step of an authority")
                        .responds(200, Response.json("The history", Schemas.object()))
                        .responds(404, NO_FAMILY_ANYWHERE),
                AdminOperation.post(FAMILY + "/emergency", Set.of(Role.EMERGENCY), exchange -> {
                    JsonNode data = ConfigOperations.body(exchange, maxBytes);
                    if (!"emergency".equals(data.path("kind").asText()) || !data.path("emergency").isObject()) {
                        throw ConfigAdmin.invalid(List.of(new Violation("/kind",
                                "break-glass access is a legal authority of kind 'emergency' with its justification")));
                    }
                    // declared by this user, whose emergency role the gate checked: the core records who and why
                    record(exchange, MessageType.LEGAL_AUTHORITY, data, Optional.of(new Filing.Declarer(
                            ConfigOperations.user(exchange), LedgerEvent.ConsentRecorded.Emergency.ADMIN_API)));
                })
                        .summary("Declare child-safety emergency access (break-glass) with its justification; logged"
                                + " and reviewed")
                        .parameter(AdminApi.AGENCY)
                        .body(Body.json(Schemas.ref("LegalAuthority")))
                        .responds(202, Response.json("Sent", Schemas.object()))
                        .responds(404, NO_FAMILY)
                        .responds(422, Response.problem("Not an emergency authority with its justification")));
    }

    /** The family's directives as JSON, or as a FHIR R4 Bundle of Consents with {@code ?format=fhir}. */
    private void listDirectives(Exchange exchange) throws Exception {
        FamilyFile file = file(exchange);
        if (fhir(exchange)) {
            HttpReply.send(exchange, 200, FHIR_JSON, FhirConsents.bundle(file.familyId(), file.directives().stream()
                    .map(d -> new FhirConsents.Exported(d.data(), Optional.ofNullable(d.revokedAt()))).toList()));
        } else {
            HttpReply.json(exchange, 200, Map.of("familyId", file.familyId(), "directives",
                    file.directives().stream().map(ConsentOperations::directive).toList()));
        }
    }

    /** One directive as JSON, or as a FHIR R4 Consent with {@code ?format=fhir}. */
    private void getDirective(Exchange exchange) throws Exception {
        FamilyFile file = file(exchange);
        FamilyFile.Filed filed = file.directive(documentId(exchange, "directiveId"))
                .orElseThrow(() -> notFound("no such directive for the family"));
        if (fhir(exchange)) {
            HttpReply.send(exchange, 200, FHIR_JSON,
                    FhirConsents.toFhir(file.familyId(), filed.data(), Optional.ofNullable(filed.revokedAt())));
        } else {
            HttpReply.json(exchange, 200, directive(filed));
        }
    }

    /** A directive to record: consent-directive JSON, or a FHIR R4 Consent sent as {@code application/fhir+json}. */
    private JsonNode directiveBody(Exchange exchange) {
        JsonNode body = ConfigOperations.body(exchange, maxBytes);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!contentType.toLowerCase(Locale.ROOT).startsWith(FHIR_JSON)) {
            return body;
        }
        try {
            return FhirConsents.fromFhir(body.toString(), familyId(exchange));
        } catch (FhirConsents.ImportRefused e) {
            // every element refused, each by its JSON pointer and FHIRPath, never a value
            throw ConfigAdmin.invalid(e.violations());
        } catch (RuntimeException e) {
            throw ConfigAdmin.invalid(List.of(new Violation("", "not a FHIR R4 Consent the hub can import")));
        }
    }

    private static boolean fhir(Exchange exchange) {
        return "fhir".equals(exchange.getMessage().getHeader("format", String.class));
    }

    /** The family's file, for a user whose scope covers it ({@link ScopeGate} checked it before the operation ran). */
    private static FamilyFile file(Exchange exchange) {
        return ScopeGate.file(exchange);
    }

    private void revoke(Exchange exchange) throws Exception {
        String directiveId = documentId(exchange, "directiveId");
        JsonNode body = ConfigOperations.optionalBody(exchange, maxBytes)
                .orElseGet(Json.mapper()::createObjectNode);
        if (!body.isObject()) {
            throw ConfigAdmin.invalid(List.of(new Violation("", "must be a JSON object")));
        }
        ObjectNode data = ((ObjectNode) body.deepCopy()).put("directiveId", directiveId);
        if (!data.has("revokedAt")) {
            data.put("revokedAt", clock.instant().toString());
        }
        record(exchange, MessageType.CONSENT_REVOCATION, data);
    }

    /**
     * Checks a consent document as the core will, then sends it for the family's agency with the
     * notice of who recorded it: 202 with the message id once Kafka has both.
     */
    private void record(Exchange exchange, MessageType type, JsonNode data) throws Exception {
        record(exchange, type, data, Optional.empty());
    }

    /** {@link #record(Exchange, MessageType, JsonNode)} of an emergency {@code declarer} declared (named to the core by a header only this API writes). */
    private void record(Exchange exchange, MessageType type, JsonNode data, Optional<Filing.Declarer> declarer)
            throws Exception {
        FamilyFile current = file(exchange);
        Partner agency = agency(exchange, current);
        List<Violation> violations = validator.validateData(type, Purpose.CONSENT_MANAGEMENT, data);
        if (!violations.isEmpty()) {
            throw ConfigAdmin.invalid(violations);
        }
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), agency.id(), type, Optional.empty(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), current.familyId(),
                Purpose.CONSENT_MANAGEMENT, List.of(), "admin-" + UUID.randomUUID(), data);
        Optional<String> notAuthorised = Filing.notAuthorised(agency.kind(), envelope);
        if (notAuthorised.isPresent()) {
            throw new ProblemException(Problem.of(403, "not-authorised", "Not recorded", notAuthorised.get()));
        }
        Filing.Filed filed;
        try {
            filed = Filing.file(current, envelope, declarer, clock.instant(), records, families.limits());
        } catch (FamilyLimitExceeded e) {
            throw new ProblemException(Problem.refused(422, FamilyLimitExceeded.REASON, "The family is at its limits",
                    e.getMessage()));
        } catch (RuntimeException e) {
            // the file's message names the document by its id: the API says why in general, never the id
            throw new ProblemException(Problem.of(422, "refused", "The family's file cannot take it",
                    "a revocation of a directive that is not on file or already revoked, a document the file does not"
                    + " hold"));
        }
        if (type == MessageType.CONSENT_DIRECTIVE) {
            List<String> without = records.subjectsWithoutGrantorAuthority(current, filed.document().orElseThrow(),
                    clock.instant());
            if (!without.isEmpty()) {
                throw ConfigAdmin.invalid(List.of(new Violation("/grantor", "under the family's profile the grantor "
                        + "may not consent for " + without.size() + " of the directive's subjects to any of its categories"
                        + (current.profile() == null ? " (the family has no profile yet: record it first)" : ""))));
            }
        }
        var document = new ProducerRecord<String, byte[]>(topics.inbound(), envelope.familyid(),
                CloudEventCodec.dataBytes(envelope));
        CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> document.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        declarer.ifPresent(d -> document.headers().add(KithHeaders.DECLARED_BY, d.userId().getBytes(StandardCharsets.UTF_8)));
        writer.record(document, new LedgerEvent.AdminChange(ConfigOperations.user(exchange),
                type.shortName() + "-submitted", filed.objectType(), filed.objectId()));
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("messageId", envelope.id());
        reply.put(filed.objectType() + "Id", filed.entry().documentId());
        HttpReply.json(exchange, 202, reply);
    }

    /**
     * The agency the document is recorded for: {@code ?agency=}, else the family's responsible
     * agency; a registered partner the user's scope covers.
     */
    private Partner agency(Exchange exchange, FamilyFile file) {
        Optional<String> named = Optional.ofNullable(exchange.getMessage().getHeader("agency", String.class))
                .or(() -> ScopeGate.responsibleAgency(file));
        if (named.isEmpty()) {
            throw ConfigAdmin.invalid(List.of(new Violation("agency",
                    "the family has no profile naming its agency: name the recording agency with ?agency=")));
        }
        if (!ScopeGate.principal(exchange).covers(named)) {
            throw new ProblemException(Problem.of(403, "out-of-scope", "Not your agency",
                    "you record documents for your own agencies only"));
        }
        return partners.find(named.get()).orElseThrow(() -> ConfigAdmin.invalid(List.of(new Violation("agency",
                "not a registered partner"))));
    }

    private void history(Exchange exchange, String objectType, String idParameter) throws Exception {
        FamilyFile file = file(exchange);
        HttpReply.json(exchange, 200, Map.of("history", history.history(file.familyId(), objectType,
                file.familyId() + "/" + documentId(exchange, idParameter))));
    }

    private static Map<String, Object> directive(FamilyFile.Filed filed) {
        Map<String, Object> item = filedItem(filed, "directiveId");
        item.put("status", filed.revokedAt() == null ? "active" : "revoked");
        item.put("effect", filed.data().path("effect").asText());
        if (filed.revokedAt() != null) {
            item.put("revokedAt", filed.revokedAt().toString());
        }
        item.put("data", filed.data());
        return item;
    }

    private static Map<String, Object> authority(FamilyFile.Filed filed) {
        Map<String, Object> item = filedItem(filed, "authorityId");
        item.put("kind", filed.data().path("kind").asText());
        item.put("data", filed.data());
        return item;
    }

    private static Map<String, Object> filedItem(FamilyFile.Filed filed, String idName) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(idName, filed.id());
        Instant recorded = filed.recordedAt();
        item.put("recordedAt", recorded == null ? null : recorded.toString());
        item.put("recordedBy", filed.sender());
        return item;
    }


    static String familyId(Exchange exchange) {
        return ConfigOperations.pathParameter(exchange, "familyId", FAMILY_ID);
    }

    private static String documentId(Exchange exchange, String name) {
        return ConfigOperations.pathParameter(exchange, name, FAMILY_ID);
    }

    private static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }
}
