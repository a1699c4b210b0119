package org.kith.connectors.rest;

import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.HttpReply;
import org.kith.connectors.InputStep;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemResponder;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;

/**
 * REST ingress: {@code POST /v1/messages}. Authenticate, hold the partner to its rate limit, check the content type, then the
 * publisher signature and the replay window on the raw bytes, validate, write to the inbound topic keyed by family id, record
 * the sender's event id for every instance, and answer 202 with the message id only after Kafka acknowledged both writes.
 * The same message sent again, byte for byte, is answered 202 with the same message id and not stored again; another under
 * a used id, 409 {@code replayed}. Every step before the write only reads the request ({@link InputStep}): what it cannot
 * read is a 4xx, and the route's 503 means only that Kafka did not take it. Request headers never
 * reach Kafka: the record carries the CloudEvents attributes the hub established, the data and its
 * key, nothing else; so no partner can send the header that marks a refusal notice.
 */
public final class RestIngressRoutes extends RouteBuilder {

    public static final String PATH = "/v1/messages";
    public static final String ROUTE_ID = "rest-ingress";
    /** The route's input and the operation of the partners' OpenAPI document, declared once. */
    public static final ApiOperation OPERATION = ApiOperation.post(PATH).id("publishMessage")
            .summary("Publish a CloudEvent (structured or binary HTTP binding)")
            .description("Authenticated, rate limited, the publisher signature and replay window checked on the raw"
                    + " bytes, validated, then written to the inbound topic keyed by family id. 202 comes only after"
                    + " Kafka acknowledged the write.")
            .parameter(PartnerApi.SIGNATURE, Parameter.header("ce-specversion", false, Schemas.json("""
                    {"type": "string", "const": "1.0"}""")).description("Binary mode: the CloudEvents attributes as"
                    + " ce- headers (ce-id, ce-source, ce-type, ce-familyid, ce-purpose, ce-recipients...), the data as"
                    + " the body."))
            .body(Body.of("application/cloudevents+json", Schemas.ref("CloudEvent"))
                    .or("application/json", Schemas.object("Binary mode: the event's data; its attributes are ce- headers")))
            .responds(202, Response.json("Stored in the inbound topic (Kafka acknowledged); it will be decided and the"
                    + " sender gets a status notice", Schemas.json("""
                    {"type": "object", "required": ["messageId"], "properties": {"messageId": {"type": "string"}}}""")))
            .responds(400, Response.problem("Not well-formed JSON, not a CloudEvent, not valid (every violation with its"
                    + " JSON pointer), or the signature time outside the replay window (stale-timestamp,"
                    + " future-timestamp)"))
            .responds(401, PartnerApi.UNAUTHENTICATED)
            .responds(403, PartnerApi.NOT_SIGNED)
            .responds(409, PartnerApi.REPLAYED)
            .responds(413, PartnerApi.TOO_LARGE)
            .responds(415, Response.problem("Neither application/cloudevents+json nor application/json"))
            .responds(422, PartnerApi.FAMILY_LIMIT)
            .responds(429, PartnerApi.RATE_LIMITED)
            .responds(503, Response.problem("Kafka did not acknowledge (nothing was accepted, retry), or"
                    + " replay-capacity: the hub remembers as many ids as it may"));

    private final PartnerCredentials credentials;
    private final PartnerRateLimits rateLimits;
    private final SignatureCheck signatures;
    private final SubmissionValidator validator;
    private final String inboundUri;
    private final Clock clock;
    private final int maxBytes;
    private final Processor admission;

    /**
     * @param inboundUri the Camel endpoint of the inbound topic, built by the hub
     * @param maxBytes   largest accepted request body
     */
    public RestIngressRoutes(PartnerCredentials credentials, PartnerRateLimits rateLimits, SignatureCheck signatures, SubmissionValidator validator,
                             String inboundUri, Clock clock, int maxBytes) {
        this(credentials, rateLimits, signatures, validator, inboundUri, clock, maxBytes, exchange -> { });
    }

    /**
     * @param admission a last check of a valid submission before it is written, by what the hub holds
     *                  (a family past its limits): it refuses with a {@link org.kith.connectors.ProblemException}
     *                  and lets anything it cannot tell through, for the core to decide
     */
    public RestIngressRoutes(PartnerCredentials credentials, PartnerRateLimits rateLimits, SignatureCheck signatures, SubmissionValidator validator,
                             String inboundUri, Clock clock, int maxBytes, Processor admission) {
        this.admission = admission;
        this.credentials = credentials;
        this.rateLimits = rateLimits;
        this.signatures = signatures;
        this.validator = validator;
        this.inboundUri = inboundUri;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() throws Exception {
        ProducerTemplate notices = getContext().createProducerTemplate();
        getContext().addService(notices);
        onException(Exception.class).handled(true)
                .process(SignatureGate::release)
                .process(new ProblemResponder(Problem.of(503, "not-accepted", "Message not accepted",
                        "the hub could not store the message; nothing was accepted, retry later")));

        from(OPERATION.uri()).routeId(ROUTE_ID)
                .process(InputStep.of(new PartnerAuthenticator(credentials))).id("authenticate")
                .process(rateLimits).id("rate-limit")
                .process(InputStep.of(new ContentTypeGate())).id("content-type")
                .process(InputStep.of(new SignatureGate(signatures, notices, inboundUri, RestIngressRoutes::answer)))
                .id("verify-signature")
                .process(InputStep.of(new SubmissionReader(validator, clock, maxBytes))).id("validate")
                .process(admission).id("admission")
                .removeHeaders("*")
                .process(SubmissionReader::kafkaBinding).id("kafka-binding")
                .setHeader(KafkaConstants.KEY, exchangeProperty(SubmissionReader.FAMILY_ID))
                .to(inboundUri).id("write-inbound")
                .process(RestIngressRoutes::accepted).id("accepted");
    }

    private static void accepted(Exchange exchange) throws Exception {
        SignatureGate.stored(exchange);
        answer(exchange, exchange.getProperty(SubmissionReader.MESSAGE_ID, String.class));
    }

    /** The answer to an accepted message, and to the same message sent again. */
    private static void answer(Exchange exchange, String messageId) throws Exception {
        HttpReply.json(exchange, 202, Map.of("messageId", messageId));
    }
}
