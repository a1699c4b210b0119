package org.kith.hub.admin;

import org.kith.connectors.api.Body;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.kith.connectors.HttpReply;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.Envelope;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/**
 * {@code POST /v1/admin/dry-run}: a message as a partner would submit it (a structured CloudEvent,
 * its {@code source} the sender to try it as), answered with what every recipient would receive and
 * why, sending and recording nothing. For administrators trying a rule or an agreement and for
 * consent officers checking what a family's directives allow. Its answer is the family's data (its
 * directives, what it may disclose, the copy), so the message's family is held to the caller's
 * agency scope like any family operation ({@link FamilyScope#FAMILY_BODY}): outside it, 404.
 */
final class DryRunOperation {

    static final String DRY_RUN = "/v1/admin/dry-run";

    private final DryRunSource dryRun;
    private final SubmissionValidator validator;
    private final Clock clock;
    private final int maxBytes;

    DryRunOperation(DryRunSource dryRun, SubmissionValidator validator, Clock clock, int maxBytes) {
        this.dryRun = dryRun;
        this.validator = validator;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    AdminOperation operation() {
        return AdminOperation.post(DRY_RUN, Set.of(Role.ADMINISTRATOR, Role.CONSENT_OFFICER), this::answer)
                .scoped(FamilyScope.FAMILY_BODY)
                .summary("What every recipient would receive and why, sending nothing")
                .description("The body is a message as a partner submits it (a structured CloudEvent); its source is"
                        + " the sender to try it as. The verdicts are those the enforcement core would reach now.")
                .body(Body.of("application/cloudevents+json", Schemas.ref("CloudEvent")))
                .responds(200, Response.json("The verdicts", Schemas.object()))
                .responds(404, Response.problem("No such family in your scope: the same answer as for a family that"
                        + " does not exist"))
                .responds(413, AdminApi.TOO_LARGE)
                .responds(422, Response.problem("Not a message that is sent (a consent document) or an unknown sender"));
    }

    private void answer(Exchange exchange) throws Exception {
        ConfigOperations.body(exchange, maxBytes); // read by the strict reader: 413, 400
        ValidationResult result = validator.validate(exchange.getMessage().getBody(byte[].class));
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new ProblemException(Problem.invalid(invalid));
        }
        var submission = ((ValidationResult.Valid) result).submission();
        Envelope envelope = Envelope.accepted("dry-run-" + UUID.randomUUID(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), submission);
        if (!ScopeGate.file(exchange).familyId().equals(envelope.familyid())) {
            throw ScopeGate.notFound(); // read otherwise than the gate read it: fail closed
        }
        DryRunReport report;
        try {
            report = dryRun.explain(envelope);
        } catch (IllegalArgumentException e) {
            // the reasons are the hub's own sentences (a type that is filed, not sent; an unregistered source)
            throw new ProblemException(Problem.of(422, "not-dispatchable", "Nothing to dry-run", e.getMessage()));
        }
        HttpReply.json(exchange, 200, report);
    }
}
