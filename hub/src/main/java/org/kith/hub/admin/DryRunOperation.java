package org.kith.hub.admin;

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
import org.kith.schemas.Json;
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
                .scoped(FamilyScope.FAMILY_BODY);
    }

    private void answer(Exchange exchange) throws Exception {
        byte[] body = Json.mapper().writeValueAsBytes(ConfigOperations.body(exchange, maxBytes));
        if (validator.validate(body) instanceof ValidationResult.Invalid invalid) {
            throw new ProblemException(Problem.invalid(invalid.violations()));
        }
        var submission = ((ValidationResult.Valid) validator.validate(body)).submission();
        Envelope envelope = Envelope.accepted("dry-run-" + UUID.randomUUID(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), submission);
        if (!ScopeGate.file(exchange).familyId().equals(envelope.familyid())) {
            throw ScopeGate.notFound(envelope.familyid()); // read otherwise than the gate read it: fail closed
        }
        DryRunReport report;
        try {
            report = dryRun.explain(envelope);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(422, "not-dispatchable", "Nothing to dry-run", e.getMessage()));
        }
        HttpReply.json(exchange, 200, report);
    }
}
