package org.kith.hub.enforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kith.consent.Decision;
import org.kith.consent.DenyReason;
import org.kith.consent.Directive;
import org.kith.consent.ExplicitPermitGate;
import org.kith.consent.FamilyConsent;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Submission;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import org.kith.schemas.Violation;

/**
 * The enforcement step for one inbound record. A consent directive updates the family's consent;
 * any other message is decided per recipient: a permitted copy goes to the recipient's outbound
 * topic, a status notice to the sender, and a ledger entry for every decision, denials included.
 * A record that cannot be processed becomes a dead letter and never blocks its partition. Kafka
 * Streams (exactly-once) commits all of these with the consumer offset, or none of them.
 */
final class EnforcementProcessor implements Processor<String, String, String, String> {

    private final PartnerRegistry partners;
    private final SubmissionValidator validator;
    private final ExplicitPermitGate gate = new ExplicitPermitGate();
    private final Clock clock;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, FamilyConsent> consent;

    EnforcementProcessor(PartnerRegistry partners, SubmissionValidator validator, Clock clock) {
        this.partners = partners;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.consent = context.getStateStore(Topics.CONSENT_STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        Envelope envelope;
        try {
            envelope = Json.mapper().readValue(record.value() == null ? "" : record.value(), Envelope.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            deadLetter(record, DeadLetter.UNPARSEABLE, "not a Kith envelope", List.of());
            return;
        }
        var submission = new Submission(envelope.type(), envelope.familyid(), envelope.recipients(), envelope.data());
        if (validator.validate(Json.mapper().valueToTree(submission)) instanceof ValidationResult.Invalid invalid) {
            deadLetter(record, DeadLetter.INVALID, "the message does not satisfy its schema", invalid.violations());
            return;
        }
        if (!envelope.familyid().equals(record.key())) {
            deadLetter(record, DeadLetter.KEY_MISMATCH, "the record key must be the family id", List.of());
            return;
        }
        Optional<Partner> sender = partners.find(envelope.source());
        if (sender.isEmpty()) {
            deadLetter(record, DeadLetter.UNKNOWN_SENDER, "the source is not a registered partner", List.of());
            return;
        }
        switch (envelope.messageType()) {
            case CONSENT_DIRECTIVE -> recordDirective(record, envelope, sender.get());
            case REFERRAL -> release(record, envelope);
        }
    }

    private void recordDirective(Record<String, String> record, Envelope envelope, Partner sender) {
        if (sender.kind() != PartnerKind.CHILD_WELFARE) {
            deadLetter(record, DeadLetter.NOT_AUTHORISED, "only a child welfare agency records consent directives", List.of());
            return;
        }
        var data = envelope.data();
        var directive = new Directive(data.get("directiveId").asText(), envelope.familyid(),
                data.get("recipient").asText(), Directive.Status.valueOf(data.get("status").asText().toUpperCase()));
        FamilyConsent current = Optional.ofNullable(consent.get(envelope.familyid()))
                .orElseGet(() -> FamilyConsent.none(envelope.familyid()));
        consent.put(envelope.familyid(), current.record(directive));
        var now = clock.instant();
        ledger(record, new LedgerEntry(LedgerEntry.CONSENT_RECORDED, directive.directiveId(), envelope.id(),
                envelope.type(), envelope.familyid(), envelope.source(), directive.recipient(),
                directive.status().name().toLowerCase(), List.of(directive.directiveId()), null, now));
        status(record, envelope, new StatusNotice(envelope.id(), null, StatusNotice.RECORDED, null, null, now));
    }

    private void release(Record<String, String> record, Envelope envelope) {
        FamilyConsent familyConsent = Optional.ofNullable(consent.get(envelope.familyid()))
                .orElseGet(() -> FamilyConsent.none(envelope.familyid()));
        for (String recipient : envelope.recipients()) {
            Decision decision = partners.find(recipient).isPresent()
                    ? gate.decide(familyConsent, recipient)
                    : new Decision.Deny(recipient, DenyReason.UNKNOWN_RECIPIENT);
            String decisionId = UUID.randomUUID().toString();
            var now = clock.instant();
            if (decision instanceof Decision.Permit permit) {
                forwardCopy(record, envelope, permit, decisionId);
                ledger(record, decisionEntry(envelope, decisionId, recipient, "permit", permit.basisIds(), null, now));
                status(record, envelope, new StatusNotice(envelope.id(), recipient, StatusNotice.FORWARDED, null, decisionId, now));
            } else if (decision instanceof Decision.Deny deny) {
                String reason = deny.reason().code();
                ledger(record, decisionEntry(envelope, decisionId, recipient, "deny", List.of(), reason, now));
                status(record, envelope, new StatusNotice(envelope.id(), recipient, StatusNotice.WITHHELD, reason, decisionId, now));
            }
        }
    }

    /** The recipient's copy: only itself as addressee, and only the hub's own headers. */
    private void forwardCopy(Record<String, String> record, Envelope envelope, Decision.Permit permit, String decisionId) {
        var copy = new Envelope(envelope.specversion(), envelope.id(), envelope.source(), envelope.type(),
                envelope.time(), envelope.familyid(), List.of(permit.recipient()), envelope.data());
        var headers = new RecordHeaders()
                .add(KithHeaders.RECIPIENT, utf8(permit.recipient()))
                .add(KithHeaders.MESSAGE_ID, utf8(envelope.id()))
                .add(KithHeaders.DECISION_ID, utf8(decisionId))
                .add(KithHeaders.BASIS, utf8(String.join(",", permit.basisIds())));
        context.forward(new Record<>(record.key(), json(copy), record.timestamp(), headers), EnforcementTopology.OUTBOUND);
    }

    private static LedgerEntry decisionEntry(Envelope envelope, String decisionId, String recipient, String outcome,
                                             List<String> basis, String reason, java.time.Instant now) {
        return new LedgerEntry(LedgerEntry.DECISION, decisionId, envelope.id(), envelope.type(), envelope.familyid(),
                envelope.source(), recipient, outcome, basis, reason, now);
    }

    private void status(Record<String, String> record, Envelope envelope, StatusNotice notice) {
        var headers = new RecordHeaders().add(KithHeaders.RECIPIENT, utf8(envelope.source()));
        context.forward(new Record<>(record.key(), json(notice), record.timestamp(), headers), EnforcementTopology.STATUS);
    }

    private void ledger(Record<String, String> record, LedgerEntry entry) {
        context.forward(new Record<>(record.key(), json(entry), record.timestamp(), new RecordHeaders()),
                EnforcementTopology.LEDGER);
    }

    private void deadLetter(Record<String, String> record, String reason, String detail, List<Violation> violations) {
        Optional<RecordMetadata> origin = context.recordMetadata();
        var letter = new DeadLetter(reason, detail, violations,
                origin.map(RecordMetadata::topic).orElse(null),
                origin.map(RecordMetadata::partition).orElse(-1),
                origin.map(RecordMetadata::offset).orElse(-1L),
                record.key(), record.value(), clock.instant());
        context.forward(new Record<>(record.key(), json(letter), record.timestamp(), new RecordHeaders()),
                EnforcementTopology.DEAD_LETTER);
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
