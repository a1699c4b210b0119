package org.kith.hub.edge;

import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.kith.connectors.rest.PartnerApi;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.component.kafka.KafkaConstants;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.kith.connectors.HttpReply;
import org.kith.connectors.InputStep;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.ProblemResponder;
import org.kith.connectors.rest.ContentTypeGate;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.PartnerCredentials;
import org.kith.connectors.rest.PartnerRateLimits;
import org.kith.connectors.rest.RequestHeaders;
import org.kith.connectors.rest.SignatureCheck;
import org.kith.connectors.rest.SignatureGate;
import org.kith.connectors.rest.SubmissionReader;
import org.kith.hub.admin.AccessRefusals;
import org.kith.hub.admin.Elsewhere;
import org.kith.hub.admin.Forwarding;
import org.kith.hub.fhir.FhirR4;
import org.kith.hub.fhir.FhirReferrals;
import org.kith.hub.fhir.FhirTasks;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralSource;
import org.kith.schemas.MediaType;
import org.kith.schemas.SubmissionValidator;

/**
 * The FHIR R4 referral edge: a mapping in front of the REST ingress, not a second pipeline. Each
 * request is authenticated, held to the partner's rate limit and signature-checked (the
 * {@code Kith-Signature} over the body's bytes, see {@link PartnerSignatures}) exactly as
 * {@code POST /v1/messages} is; then the FHIR is mapped to the CloudEvent that ingress reads and goes
 * through the same reader (validation, source held to the credential), the same family door and the
 * same write to the inbound topic, so consent decides what every recipient sees.
 * <ul>
 * <li>{@code POST /fhir/r4}: a transaction Bundle with a ServiceRequest, its Patients and a Task: a referral;</li>
 * <li>{@code PUT /fhir/r4/Task/{id}}: the recipient's Task update: a referral status back to the referrer;</li>
 * <li>{@code GET /fhir/r4/Task/{id}}: the referral's current state as a Task, to whoever the referral
 * API shows it (404 to anyone else, recorded as the referral API records it).</li>
 * </ul>
 */
public final class FhirRoutes extends RouteBuilder {

    public static final String BASE = "/fhir/r4";
    private static final String CREDENTIAL = "kith.credential";
    /** 202: accepted as a Kith message, named by the OperationOutcome and a header. */
    private static final Response ACCEPTED = Response.of("Accepted: an OperationOutcome naming the Kith message id;"
                    + " the same bytes sent again are answered the same and stored once")
            .with(FhirR4.MEDIA_TYPE, Schemas.object("A FHIR R4 OperationOutcome"))
            .header("Kith-Message-Id", Schemas.json("{\"description\": \"The Kith message id\", \"schema\": {\"type\": \"string\"}}"));
    private static final Response NOT_READ = Response.problem("not-fhir: not FHIR R4 as HAPI reads it; invalid-message:"
            + " the mapped message is not valid (pointers into the Kith message); or the signature time outside the"
            + " replay window (stale-timestamp, future-timestamp)");
    private static final Response NOT_MAPPED = Response.problem("fhir-not-mapped: FHIR that reads but does not map,"
            + " every violation at once with the FHIRPath of its element; or family-limit");
    private static final Response NOT_FHIR_JSON = Response.problem("Not application/fhir+json");
    /** What a signed FHIR submission (a referral, a Task update) is answered. */
    private static final java.util.Map<String, Response> SUBMISSION_ANSWERS = java.util.Map.of("202", ACCEPTED,
            "400", NOT_READ, "401", PartnerApi.UNAUTHENTICATED, "403", PartnerApi.NOT_SIGNED, "413", PartnerApi.TOO_LARGE,
            "415", NOT_FHIR_JSON, "422", NOT_MAPPED, "429", PartnerApi.RATE_LIMITED, "503", PartnerApi.UNAVAILABLE);
    static final ApiOperation REFER = ApiOperation.post(BASE).id("referFhir")
            .summary("Refer as FHIR R4: a transaction Bundle with one ServiceRequest, its Patients and one Task")
            .description("Authenticated, rate limited and signature-checked as POST /v1/messages is, then mapped to the"
                    + " referral message and validated, checked and stored as every message is (the FHIR mapping is in"
                    + " the FHIR guide).")
            .body(Body.of(FhirR4.MEDIA_TYPE, Schemas.object("A FHIR R4 Bundle of type transaction")))
            .respondsUnlessDeclared(SUBMISSION_ANSWERS)
            .parameter(PartnerApi.SIGNATURE);
    static final ApiOperation READ_TASK = ApiOperation.get(BASE + "/Task/{id}").id("getFhirTask")
            .summary("A referral's current state as a FHIR R4 Task, to the partners the referral API shows it to")
            .responds(200, Response.of("The Task").with(FhirR4.MEDIA_TYPE, Schemas.object("A FHIR R4 Task")))
            .responds(401, PartnerApi.UNAUTHENTICATED)
            .responds(404, Response.problem("No Task with this id that this partner may see"))
            .responds(429, PartnerApi.RATE_LIMITED)
            .responds(503, PartnerApi.UNAVAILABLE);
    static final ApiOperation UPDATE_TASK = ApiOperation.put(BASE + "/Task/{id}").id("updateFhirTask")
            .summary("The recipient's Task update: a referral status, back to the referrer under consent")
            .body(Body.of(FhirR4.MEDIA_TYPE, Schemas.object("A FHIR R4 Task")))
            .respondsUnlessDeclared(SUBMISSION_ANSWERS)
            .parameter(PartnerApi.SIGNATURE);
    /** The operations of these routes, as the partners' document describes them. */
    static final List<ApiOperation> OPERATIONS = List.of(REFER, READ_TASK, UPDATE_TASK);

    private final PartnerCredentials credentials;
    private final PartnerRateLimits rateLimits;
    private final SignatureCheck signatures;
    private final SubmissionValidator validator;
    private final ReferralSource referrals;
    private final String inboundUri;
    private final Clock clock;
    private final int maxBytes;
    private final Processor admission;
    private final AccessRefusals refusals;

    FhirRoutes(PartnerCredentials credentials, PartnerRateLimits rateLimits, SignatureCheck signatures,
               SubmissionValidator validator, ReferralSource referrals, String inboundUri, Clock clock, int maxBytes,
               Processor admission, AccessRefusals refusals) {
        this.credentials = credentials;
        this.rateLimits = rateLimits;
        this.signatures = signatures;
        this.validator = validator;
        this.referrals = referrals;
        this.inboundUri = inboundUri;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.admission = admission;
        this.refusals = refusals;
    }

    @Override
    public void configure() throws Exception {
        ProducerTemplate notices = getContext().createProducerTemplate();
        getContext().addService(notices);
        onException(Exception.class).handled(true)
                .process(SignatureGate::release)
                .process(new ProblemResponder(Problem.of(503, "not-accepted", "Not accepted",
                        "the hub could not store the request or reach Kafka; nothing was accepted, retry later")));

        ingress(from(REFER.uri()).routeId("fhir-referral")
                .process(InputStep.of(new PartnerAuthenticator(credentials))).id("fhir-referral-authenticate")
                .process(rateLimits).id("fhir-referral-rate-limit")
                .process(InputStep.of(FhirRoutes::fhirContentType)).id("fhir-referral-content-type")
                .process(InputStep.of(new SignatureGate(signatures, notices, inboundUri, null, FhirRoutes::answer)))
                .id("fhir-referral-verify-signature")
                .process(InputStep.of(exchange -> mapped(exchange,
                        FhirReferrals.submission(body(exchange), FhirR4.eventId(body(exchange))))))
                .id("fhir-referral-map"), "fhir-referral");
        from(READ_TASK.uri()).routeId("fhir-task")
                .process(exchange -> exchange.setProperty(CREDENTIAL,
                        exchange.getMessage().getHeader("Authorization", String.class))).id("fhir-task-keep-credential")
                .process(FhirRoutes::familyOfTask).id("fhir-task-family")
                .process(refusals.watching(InputStep.of(new PartnerAuthenticator(credentials)))).id("fhir-task-authenticate")
                .process(rateLimits).id("fhir-task-rate-limit")
                .process(refusals.watching(this::read)).id("fhir-task-read");
        ingress(from(UPDATE_TASK.uri()).routeId("fhir-task-update")
                .process(InputStep.of(new PartnerAuthenticator(credentials))).id("fhir-task-update-authenticate")
                .process(rateLimits).id("fhir-task-update-rate-limit")
                .process(InputStep.of(FhirRoutes::fhirContentType)).id("fhir-task-update-content-type")
                .process(InputStep.of(new SignatureGate(signatures, notices, inboundUri, null, FhirRoutes::answer)))
                .id("fhir-task-update-verify-signature")
                .process(InputStep.of(exchange -> mapped(exchange, FhirTasks.submission(body(exchange),
                        exchange.getMessage().getHeader("id", String.class), FhirR4.eventId(body(exchange)), clock))))
                .id("fhir-task-update-map"), "fhir-task-update");
    }

    /** From the mapped CloudEvent on, what the REST ingress does with a structured one. */
    private void ingress(RouteDefinition route, String id) {
        route.process(InputStep.of(new SubmissionReader(validator, clock, maxBytes))).id(id + "-validate")
                .process(admission).id(id + "-admission")
                .removeHeaders("*")
                .process(SubmissionReader::kafkaBinding).id(id + "-kafka-binding")
                .setHeader(KafkaConstants.KEY, exchangeProperty(SubmissionReader.FAMILY_ID))
                .to(inboundUri).id(id + "-write-inbound")
                .process(exchange -> {
                    SignatureGate.stored(exchange);
                    answer(exchange, exchange.getProperty(SubmissionReader.MESSAGE_ID, String.class));
                }).id(id + "-accepted");
    }

    private static byte[] body(Exchange exchange) {
        return Forwarding.keepBody(exchange);
    }

    /** The CloudEvent the FHIR maps to, handed to the REST ingress's reader as a structured one. */
    private void mapped(Exchange exchange, byte[] cloudEvent) {
        exchange.setProperty(ContentTypeGate.MODE, ContentTypeGate.Mode.STRUCTURED);
        exchange.getMessage().setBody(cloudEvent);
    }

    /** {@code application/fhir+json} in UTF-8, or 415. */
    private static void fhirContentType(Exchange exchange) {
        MediaType type = MediaType.parse(RequestHeaders.contentType(exchange)).filter(t -> t.is(FhirR4.MEDIA_TYPE))
                .orElseThrow(() -> new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                        "send " + FhirR4.MEDIA_TYPE)));
        if (!type.utf8()) {
            throw new ProblemException(Problem.of(400, "charset", "Not UTF-8", "the hub reads UTF-8 only"));
        }
    }

    /** The answer to an accepted request, and to the same request sent again: 202 and the message id. */
    private static void answer(Exchange exchange, String messageId) {
        var outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics("accepted as Kith message " + messageId + "; consent decides what each recipient receives");
        HttpReply.send(exchange, 202, FhirR4.MEDIA_TYPE, FhirR4.encode(outcome));
        exchange.getMessage().setHeader("Kith-Message-Id", messageId);
    }

    /** The family of the Task asked for, as the refusal record names it (the referral API's path does). */
    private static void familyOfTask(Exchange exchange) {
        FhirTasks.ids(exchange.getMessage().getHeader("id", String.class))
                .ifPresent(ids -> exchange.getMessage().setHeader("familyId", ids[0]));
    }

    private void read(Exchange exchange) throws Exception {
        String partner = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        Optional<String[]> ids = FhirTasks.ids(exchange.getMessage().getHeader("id", String.class));
        if (ids.isEmpty()) {
            throw new ProblemException(Problem.of(404, "not-found", "No such Task",
                    "no Task with this id that this partner may see"));
        }
        List<Referral> found;
        try {
            found = referrals.find(ids.get()[0], ids.get()[1]);
        } catch (Elsewhere where) {
            Forwarding.forward(exchange, where, null, exchange.getProperty(CREDENTIAL, String.class));
            return;
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of(503, "elsewhere", "Not held here",
                    "no hub instance holds this family's records now; retry"));
        }
        var view = found.stream().filter(r -> r.isKnownTo(partner)).map(r -> r.viewFor(partner)).findFirst()
                .orElseThrow(() -> new ProblemException(Problem.of(404, "not-found", "No such Task",
                        "no Task with this id that this partner may see")));
        HttpReply.send(exchange, 200, FhirR4.MEDIA_TYPE, FhirTasks.task(view));
    }
}
