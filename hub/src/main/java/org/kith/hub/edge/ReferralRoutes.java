package org.kith.hub.edge;

import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.kith.connectors.rest.PartnerApi;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.HttpReply;
import org.kith.connectors.InputStep;
import org.kith.connectors.JsonBody;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.ProblemResponder;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.PartnerCredentials;
import org.kith.connectors.rest.PartnerRateLimits;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralSource;
import org.kith.hub.referral.ReferralView;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;
import org.kith.hub.admin.AccessRefusals;
import org.kith.hub.admin.Elsewhere;
import org.kith.hub.admin.Forwarding;
import org.kith.hub.admin.MeasureReplies;
import org.kith.hub.evaluation.MeasureRequests;

/**
 * The partners' side of the referral loop, authenticated by the partner's API token (the partner id
 * comes from the token alone). {@code PUT /v1/capacity}: a provider reports its capacity for a
 * service type; it goes to the config topic, so every hub instance routes on it.
 * {@code GET /v1/referrals/{familyId}/{referralId}}: a referral as the calling partner may see it
 * (its referrer, its recipient, or a partner the hub showed a step of it, such as the family's
 * responsible agency); anyone else gets 404, as if it did not exist, and that refusal, like a 401, is
 * recorded ({@link AccessRefusals}). {@code GET /v1/measures}: the
 * partnership's measures narrowed to the referrals the partner sent or received (suppressed like
 * every published table). Each request counts against the partner's rate limit, shared with the
 * ingress.
 */
public final class ReferralRoutes extends RouteBuilder {

    public static final String CAPACITY = "/v1/capacity";
    public static final String REFERRALS = "/v1/referrals";
    /** The caller's credential, kept to hand a lookup on to the instance that holds the family. */
    private static final String CREDENTIAL = "kith.credential";
    public static final String MEASURES = "/v1/measures";
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final ApiOperation REPORT_CAPACITY = ApiOperation.put(CAPACITY).id("reportCapacity")
            .summary("Report the calling provider's capacity for a service type")
            .description("Goes to the config topic, so every hub instance routes on it. No personal data.")
            .body(Body.json(Schemas.ref("Capacity")))
            .responds(200, Response.json("The capacity as recorded", Schemas.object()))
            .responds(400, PartnerApi.BAD_REQUEST)
            .responds(401, PartnerApi.UNAUTHENTICATED)
            .responds(413, PartnerApi.TOO_LARGE)
            .responds(429, PartnerApi.RATE_LIMITED)
            .responds(503, PartnerApi.UNAVAILABLE);
    static final ApiOperation QUERY_REFERRAL = ApiOperation.get(REFERRALS + "/{familyId}/{referralId}").id("getReferral")
            .summary("A referral as the calling partner may see it")
            .description("Its referrer, its recipient, or a partner the hub showed a step of it may see it; anyone else"
                    + " gets 404, as if it did not exist.")
            .parameter(Parameter.path("familyId", Schemas.pattern("^" + ID + "$")),
                    Parameter.path("referralId", Schemas.pattern("^" + ID + "$")))
            .responds(200, Response.json("The referral (and earlier ones with the same id) as this partner may see it",
                    Schemas.json("""
                            {"type": "object", "required": ["referrals"],
                             "properties": {"referrals": {"type": "array", "items": {"$ref": "#/components/schemas/ReferralView"}}}}""")))
            .responds(400, PartnerApi.BAD_REQUEST)
            .responds(401, PartnerApi.UNAUTHENTICATED)
            .responds(404, Response.problem("No referral with this id that this partner may see"))
            .responds(429, PartnerApi.RATE_LIMITED)
            .responds(503, PartnerApi.UNAVAILABLE);
    static final ApiOperation PARTNER_MEASURES = ApiOperation.get(MEASURES).id("getPartnerMeasures")
            .summary("The partnership's measures narrowed to the referrals the partner sent or received, suppressed")
            .parameter(Parameter.query("from", Schemas.pattern("^[0-9]{4}-[0-9]{2}$")),
                    Parameter.query("to", Schemas.pattern("^[0-9]{4}-[0-9]{2}$")),
                    Parameter.query("format", Schemas.json("""
                            {"type": "string", "enum": ["json", "csv", "html"]}""")),
                    Parameter.query("release", Schemas.json("""
                            {"type": "string", "enum": ["internal", "public"]}""")))
            .responds(200, Response.json("The measures", Schemas.object())
                    .with("text/csv", Schemas.json("{\"type\": \"string\"}"))
                    .with("text/html", Schemas.json("{\"type\": \"string\"}")))
            .responds(400, PartnerApi.BAD_REQUEST)
            .responds(401, PartnerApi.UNAUTHENTICATED)
            .responds(429, PartnerApi.RATE_LIMITED)
            .responds(503, PartnerApi.UNAVAILABLE);
    /** The operations of these routes, as the partners' document describes them. */
    static final List<ApiOperation> OPERATIONS = List.of(REPORT_CAPACITY, QUERY_REFERRAL, PARTNER_MEASURES);

    private final PartnerCredentials credentials;
    private final PartnerRateLimits rateLimits;
    private final SubmissionValidator validator;
    private final ReferralSource referrals;
    private final MeasureRequests reports;
    private final String configUri;
    private final Clock clock;
    private final int maxBytes;
    private final AccessRefusals refusals;

    public ReferralRoutes(PartnerCredentials credentials, PartnerRateLimits rateLimits, SubmissionValidator validator, ReferralSource referrals,
                          MeasureRequests reports, String configUri, Clock clock, int maxBytes, AccessRefusals refusals) {
        this.refusals = refusals;
        this.credentials = credentials;
        this.rateLimits = rateLimits;
        this.validator = validator;
        this.referrals = referrals;
        this.reports = reports;
        this.configUri = configUri;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new ProblemResponder(Problem.of(503, "unavailable",
                "Not done", "the hub could not reach Kafka; nothing was changed, retry later")));
        from(REPORT_CAPACITY.uri()).routeId("capacity-report")
                .process(InputStep.of(new PartnerAuthenticator(credentials))).id("capacity-authenticate")
                .process(rateLimits).id("capacity-rate-limit")
                .process(InputStep.of(this::readCapacity)).id("capacity-validate")
                .to(configUri).id("capacity-publish")
                .process(ReferralRoutes::reported).id("capacity-reported");
        from(QUERY_REFERRAL.uri()).routeId("referral-query")
                .process(exchange -> exchange.setProperty(CREDENTIAL,
                        exchange.getMessage().getHeader("Authorization", String.class))).id("referral-keep-credential")
                .process(refusals.watching(InputStep.of(new PartnerAuthenticator(credentials)))).id("referral-authenticate")
                .process(rateLimits).id("referral-rate-limit")
                .process(refusals.watching(this::query)).id("referral-read");
        from(PARTNER_MEASURES.uri()).routeId("partner-measures")
                .process(InputStep.of(new PartnerAuthenticator(credentials))).id("measures-authenticate")
                .process(rateLimits).id("measures-rate-limit")
                .process(exchange -> MeasureReplies.reply(exchange, reports,
                        Optional.of(exchange.getProperty(PartnerAuthenticator.SENDER, String.class)))).id("partner-measures-read");
    }

    private void readCapacity(Exchange exchange) throws Exception {
        String partner = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "empty", "No report", "the body must be a capacity report"));
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.tooLarge(maxBytes));
        }
        JsonNode report = JsonBody.read(body);
        List<Violation> violations = validator.validateCapacity(report);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.invalid(violations));
        }
        var capacity = new ProviderCapacity(partner, report.get("serviceType").asText(),
                ProviderCapacity.Status.fromCode(report.get("status").asText()),
                report.hasNonNull("openings") ? report.get("openings").asInt() : null,
                report.hasNonNull("estimatedWaitDays") ? report.get("estimatedWaitDays").asInt() : null,
                report.has("areas") ? Json.mapper().convertValue(report.get("areas"),
                        Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class)) : List.of(),
                Instant.parse(report.get("asOf").asText()), clock.instant());
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, capacity.key());
        message.setBody(Json.mapper().writeValueAsBytes(capacity));
        exchange.setProperty("kith.capacity", capacity);
    }

    private static void reported(Exchange exchange) throws Exception {
        HttpReply.json(exchange, 200, exchange.getProperty("kith.capacity"));
    }

    private void query(Exchange exchange) throws Exception {
        String partner = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        String familyId = exchange.getMessage().getHeader("familyId", String.class);
        String referralId = exchange.getMessage().getHeader("referralId", String.class);
        if (familyId == null || referralId == null || !familyId.matches(ID) || !referralId.matches(ID)) {
            throw new ProblemException(Problem.of(400, "bad-id", "Not an id", "ids are letters, digits, '.', '_' and '-'"));
        }
        List<Referral> found;
        try {
            found = referrals.find(familyId, referralId);
        } catch (Elsewhere where) {
            Forwarding.forward(exchange, where, null, exchange.getProperty(CREDENTIAL, String.class));
            return;
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of(503, "elsewhere", "Not held here",
                    "no hub instance holds this family's records now; retry"));
        }
        List<ReferralView> views = found.stream().filter(r -> r.isKnownTo(partner)).map(r -> r.viewFor(partner)).toList();
        if (views.isEmpty()) {
            throw new ProblemException(Problem.of(404, "not-found", "No such referral",
                    "no referral with this id that this partner may see"));
        }
        HttpReply.json(exchange, 200, Map.of("referrals", views));
    }
}
