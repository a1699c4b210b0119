package org.kith.hub.edge;

import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.kith.connectors.rest.PartnerApi;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.kith.connectors.HttpReply;
import org.kith.connectors.InputStep;
import org.kith.connectors.JsonBody;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.ProblemResponder;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.PartnerRateLimits;
import org.kith.connectors.rest.SubmissionReader;
import org.kith.hub.admin.Elsewhere;
import org.kith.hub.admin.FamilySource;
import org.kith.hub.admin.Forwarding;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.family.FamilyLimitExceeded;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.family.Filing;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A family's limits at the door ({@link org.kith.hub.family.FamilyLimits}): a consent document
 * that would take its family past them is refused to its sender at once (422
 * {@value FamilyLimitExceeded#REASON}), not accepted and refused later on its status topic.
 * The check is the core's own ({@link Filing}, on the family's header and the documents the
 * document touches), made where the family is held: in place when this instance holds its
 * partition, else by asking the instance that does ({@code POST /v1/families/{familyId}/limits},
 * with the sender's credential, the way referral lookups are handed on). What the door cannot tell
 * (no instance holds the family now, the other instance does not answer within a second, a partner
 * that authenticates by client certificate only, whose credential cannot be handed on) it lets
 * through: the core enforces the same limits on every document, racing ones included, with a
 * refused notice to the sender.
 */
public final class FamilyLimitRoutes extends RouteBuilder {

    public static final String PATH = "/v1/families";
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Set<MessageType> DOCUMENTS = EnumSet.of(MessageType.FAMILY_PROFILE,
            MessageType.CONSENT_DIRECTIVE, MessageType.CONSENT_REVOCATION, MessageType.LEGAL_AUTHORITY);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);
    /** The caller's credential, kept to hand the check on to the instance that holds the family. */
    private static final String CREDENTIAL = "kith.credential";
    private static final Logger LOG = LoggerFactory.getLogger(FamilyLimitRoutes.class);

    private final Partners partners;
    private final PartnerRateLimits rateLimits;
    private final SubmissionValidator validator;
    private final FamilySource families;
    private final FamilyRecords records;
    private final Clock clock;
    private final int maxBytes;

    public FamilyLimitRoutes(Partners partners, PartnerRateLimits rateLimits, SubmissionValidator validator,
                             FamilySource families, FamilyRecords records, Clock clock, int maxBytes) {
        this.partners = partners;
        this.rateLimits = rateLimits;
        this.validator = validator;
        this.families = families;
        this.records = records;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** What the family would say to this document, were it recorded now: why it would refuse it, if it would. */
    private Optional<String> refusal(String familyId, String sender, MessageType type, JsonNode data) {
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), sender, type, Optional.empty(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), familyId, Purpose.CONSENT_MANAGEMENT,
                List.of(), "limits-check", data);
        return families.documents(familyId, documents -> {
            try {
                Filing.file(documents, envelope, clock.instant(), records, families.limits());
                return Optional.<String>empty();
            } catch (FamilyLimitExceeded e) {
                return Optional.of(e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
                return Optional.<String>empty(); // refused for another reason: for the core, with its own notice
            }
        });
    }

    /** The route's input and the operation of the partners' OpenAPI document, declared once. */
    static final ApiOperation OPERATION = ApiOperation.post(PATH + "/{familyId}/limits").id("checkFamilyLimits")
            .summary("Whether the family would take a consent document within its limits")
            .description("For the partners that record consent (child welfare agencies; courts for their own orders):"
                    + " the check the ingress makes before it accepts a family profile, consent directive, revocation or"
                    + " legal authority, made on the instance that holds the family (a request to another instance is"
                    + " handed on). Nothing is recorded; the answer holds until the next document of the family.")
            .parameter(Parameter.path("familyId", Schemas.pattern("^" + ID + "$")))
            .body(Body.json(Schemas.json("""
                    {"type": "object", "required": ["type", "data"], "properties": {
                      "type": {"type": "string", "enum": ["org.kith.family-profile.v1", "org.kith.consent-directive.v1",
                               "org.kith.consent-revocation.v1", "org.kith.legal-authority.v1"]},
                      "data": {"type": "object", "description": "The document, as the message's data"}}}""")))
            .responds(200, Response.json("Whether the family would take it; if not, why (family-limit)", Schemas.json("""
                    {"type": "object", "required": ["withinLimits"], "properties": {
                      "withinLimits": {"type": "boolean"},
                      "reason": {"type": "string", "const": "family-limit"},
                      "detail": {"type": "string"}}}""")))
            .responds(400, PartnerApi.BAD_REQUEST)
            .responds(401, PartnerApi.UNAUTHENTICATED)
            .responds(403, Response.problem("not-authorised: this partner does not record family documents"))
            .responds(413, PartnerApi.TOO_LARGE)
            .responds(429, PartnerApi.RATE_LIMITED)
            .responds(503, PartnerApi.UNAVAILABLE);

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new ProblemResponder(Problem.of(503,
                "unavailable", "Not answered", "the family's instance could not be asked; retry")));
        from(OPERATION.uri()).routeId("family-limits")
                .process(exchange -> exchange.setProperty(CREDENTIAL,
                        exchange.getMessage().getHeader("Authorization", String.class))).id("family-limits-credential")
                .process(InputStep.of(new PartnerAuthenticator(partners))).id("family-limits-authenticate")
                .process(rateLimits).id("family-limits-rate-limit")
                .process(this::answer).id("family-limits-answer");
    }

    /** {@code {"type", "data"}}: whether the family would take the document within its limits. */
    private void answer(Exchange exchange) throws Exception {
        String familyId = exchange.getMessage().getHeader("familyId", String.class);
        if (familyId == null || !familyId.matches(ID)) {
            throw new ProblemException(Problem.of(400, "bad-id", "Not an id", "ids are letters, digits, '.', '_' and '-'"));
        }
        byte[] body = Forwarding.keepBody(exchange);
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "empty-body", "Empty request", "the request has no body"));
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.tooLarge(maxBytes));
        }
        JsonNode request = JsonBody.read(body);
        MessageType type = MessageType.fromTypeName(request.path("type").asText()).filter(DOCUMENTS::contains)
                .orElseThrow(() -> new ProblemException(Problem.invalid(List.of(new Violation("/type",
                        "must be the type of a family profile, consent directive, consent revocation or legal authority")))));
        JsonNode data = request.path("data");
        List<Violation> violations = validator.validateData(type, Purpose.CONSENT_MANAGEMENT, data);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.invalid(violations));
        }
        Partner sender = partners.find(exchange.getProperty(PartnerAuthenticator.SENDER, String.class)).orElseThrow();
        Optional<String> notAuthorised = Filing.notAuthorised(sender.kind(),
                new Envelope("check", sender.id(), type, Optional.empty(), OffsetDateTime.now(clock), familyId,
                        Purpose.CONSENT_MANAGEMENT, List.of(), "check", data));
        if (notAuthorised.isPresent()) {
            throw new ProblemException(Problem.of(403, "not-authorised", "Not for this partner", notAuthorised.get()));
        }
        Optional<String> refusal;
        try {
            refusal = refusal(familyId, sender.id(), type, data);
        } catch (Elsewhere where) {
            Forwarding.forward(exchange, where, body, exchange.getProperty(CREDENTIAL, String.class));
            return;
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of(503, "elsewhere", "Not held here",
                    "no hub instance holds this family's records now; retry"));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("withinLimits", refusal.isEmpty());
        refusal.ifPresent(detail -> {
            reply.put("reason", FamilyLimitExceeded.REASON);
            reply.put("detail", detail);
        });
        HttpReply.json(exchange, 200, reply);
    }

    /**
     * The ingress's step: a family document past its family's limits is refused with 422; any other
     * submission, and one the door cannot tell about, goes on.
     */
    public Processor door() {
        return this::admit;
    }

    private void admit(Exchange exchange) {
        Map<?, ?> headers = exchange.getProperty(SubmissionReader.KAFKA_HEADERS, Map.class);
        Optional<MessageType> type = Optional.ofNullable(headers == null ? null
                        : headers.get(CloudEventCodec.Binding.KAFKA.prefix() + "type"))
                .flatMap(name -> MessageType.fromTypeName(name.toString())).filter(DOCUMENTS::contains);
        if (type.isEmpty()) {
            return;
        }
        String familyId = exchange.getProperty(SubmissionReader.FAMILY_ID, String.class);
        String sender = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        Optional<String> refusal;
        try {
            JsonNode data = Json.mapper().readTree(exchange.getMessage().getBody(byte[].class));
            try {
                refusal = refusal(familyId, sender, type.get(), data);
            } catch (Elsewhere where) {
                refusal = ask(exchange, where, familyId, type.get(), data);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("The family's limits could not be checked at the door ({}); the core checks them",
                    e.getClass().getName());
            return;
        }
        if (refusal.isPresent()) {
            throw new ProblemException(Problem.refused(422, FamilyLimitExceeded.REASON, "The family's file is full",
                    refusal.get()));
        }
    }

    /** The holding instance's answer, or empty (let through) when it gave none. */
    private static Optional<String> ask(Exchange exchange, Elsewhere where, String familyId, MessageType type,
                                        JsonNode data) throws IOException {
        byte[] request = Json.mapper().writeValueAsBytes(Map.of("type", type.typeName(), "data", data));
        Optional<HttpResponse<byte[]>> answer = Forwarding.ask(exchange, where, PATH + "/" + familyId + "/limits",
                request, exchange.getMessage().getHeader("Authorization", String.class), ASK_TIMEOUT);
        if (answer.isEmpty() || answer.get().statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode reply = Json.mapper().readTree(answer.get().body());
        return reply.path("withinLimits").asBoolean(true) ? Optional.empty()
                : Optional.of(reply.path("detail").asText("the family is at its limits"));
    }
}
