package org.kith.hub.enforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.consent.Decision;
import org.kith.consent.DenyReason;
import org.kith.consent.Directive;
import org.kith.consent.Disclosure;
import org.kith.consent.ExplicitPermitGate;
import org.kith.consent.FamilyConsent;
import org.kith.consent.model.Agreement;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.ConfigStoreUpdater;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.rules.RoutingRule;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Category;
import org.kith.schemas.ClassifiedField;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Contracts;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * The enforcement step for one inbound record (CloudEvents Kafka binding). A consent directive or
 * revocation updates the family's consent; any other message goes to the addressees it names and
 * those the routing rules add, each decided alone: a live agreement between sender and recipient
 * must allow the type, purpose and every category, then the family's consent must; a permitted
 * copy goes to the recipient's outbound topic, a status notice to the sender, and a ledger entry for
 * every decision, denials included. A record that cannot be processed becomes a dead letter and never
 * blocks its partition. Kafka Streams (exactly-once) commits all of these with the consumer offset,
 * or none of them.
 */
final class EnforcementProcessor implements Processor<String, byte[], String, byte[]> {

    private final PartnerRegistry partners;
    private final SubmissionValidator validator;
    private final ExplicitPermitGate gate = new ExplicitPermitGate();
    private final ConfigView configView;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, FamilyConsent> consent;
    private ReadOnlyKeyValueStore<String, byte[]> configStore;

    EnforcementProcessor(PartnerRegistry partners, SubmissionValidator validator, ConfigView configView, Clock clock) {
        this.partners = partners;
        this.validator = validator;
        this.configView = configView;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.consent = context.getStateStore(Topics.CONSENT_STORE);
        this.configStore = context.getStateStore(ConfigStoreUpdater.STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Envelope envelope;
        try {
            envelope = CloudEventCodec.fromCloudEvent(
                    KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent());
        } catch (RuntimeException e) {
            deadLetter(record, DeadLetter.UNPARSEABLE, "not a Kith CloudEvent", List.of());
            return;
        }
        List<Violation> violations = validator.validateData(envelope.type(), envelope.purpose(), envelope.data());
        if (!violations.isEmpty()) {
            deadLetter(record, DeadLetter.INVALID, "the message does not satisfy its schema", violations);
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
        switch (envelope.type()) {
            case CONSENT_DIRECTIVE, CONSENT_REVOCATION -> recordConsent(record, envelope, sender.get());
            case LEGAL_AUTHORITY -> deadLetter(record, DeadLetter.UNSUPPORTED,
                    "legal authorities are not applied yet; nothing was disclosed on their basis", List.of());
            default -> release(record, envelope, sender.get());
        }
    }

    private void recordConsent(Record<String, byte[]> record, Envelope envelope, Partner sender) {
        if (sender.kind() != PartnerKind.CHILD_WELFARE) {
            deadLetter(record, DeadLetter.NOT_AUTHORISED, "only a child welfare agency records consent", List.of());
            return;
        }
        JsonNode data = envelope.data();
        String directiveId = data.path("directiveId").asText();
        FamilyConsent current = Optional.ofNullable(consent.get(envelope.familyid()))
                .orElseGet(() -> FamilyConsent.none(envelope.familyid()));
        String outcome;
        if (envelope.type() == MessageType.CONSENT_REVOCATION) {
            consent.put(envelope.familyid(), current.revoke(directiveId));
            outcome = "revoked";
        } else if ("permit".equals(data.path("effect").asText())) {
            FamilyConsent updated = data.hasNonNull("replaces") ? current.revoke(data.get("replaces").asText()) : current;
            consent.put(envelope.familyid(), updated.record(directive(envelope.familyid(), data)));
            outcome = "permit";
        } else {
            // A deny directive can only take access away; the interim gate grants nothing without a permit.
            outcome = "deny";
        }
        var now = clock.instant();
        ledger(record, new LedgerEntry(LedgerEntry.CONSENT_RECORDED, directiveId, envelope.id(), envelope.type().typeName(),
                envelope.familyid(), envelope.source(), null, outcome, List.of(directiveId), null, now));
        status(record, envelope, new StatusNotice(envelope.id(), null, StatusNotice.RECORDED, null, null, now));
    }

    /**
     * The interim model of a permit directive: named recipients only (general designations grant
     * nothing), and every limit it states (persons, senders, types, categories, purposes, period).
     */
    private static Directive directive(String familyId, JsonNode data) {
        Set<Category> categories = EnumSet.noneOf(Category.class);
        data.path("categories").forEach(c -> Category.fromCode(c.asText()).ifPresent(categories::add));
        Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        data.path("purposes").forEach(p -> Purpose.fromCode(p.asText()).ifPresent(purposes::add));
        Set<PartnerKind> sourceKinds = EnumSet.noneOf(PartnerKind.class);
        data.path("sourceKinds").forEach(k -> sourceKinds.add(PartnerKind.fromCode(k.asText())));
        Set<MessageType> types = EnumSet.noneOf(MessageType.class);
        data.path("messageTypes").forEach(t -> types.add(MessageType.fromShortName(t.asText())));
        Optional<Instant> from = date(data.at("/period/from")).map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC));
        Optional<Instant> to = date(data.at("/period/to")).map(d -> d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        return new Directive(data.path("directiveId").asText(), familyId, texts(data.path("recipients")),
                Set.copyOf(texts(data.path("subjects"))), Set.copyOf(texts(data.path("sources"))), sourceKinds, types,
                categories, purposes, from, to, Directive.Status.ACTIVE);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Every person a message's data names, wherever it names one. */
    private static Set<String> personIds(JsonNode data) {
        Set<String> ids = new java.util.HashSet<>();
        data.findValues("personId").forEach(v -> ids.add(v.asText()));
        return ids;
    }

    private static Optional<LocalDate> date(JsonNode node) {
        return node.isTextual() ? Optional.of(LocalDate.parse(node.asText())) : Optional.empty();
    }

    private void release(Record<String, byte[]> record, Envelope envelope, Partner sender) {
        FamilyConsent familyConsent = Optional.ofNullable(consent.get(envelope.familyid()))
                .orElseGet(() -> FamilyConsent.none(envelope.familyid()));
        ConfigSnapshot config = configView.current(configStore);
        List<ClassifiedField> fields = Contracts.get().of(envelope.type()).classify(envelope.data());
        boolean unclassified = fields.stream().anyMatch(f -> f.category().isEmpty());
        Set<Category> carried = EnumSet.noneOf(Category.class);
        fields.forEach(f -> f.category().ifPresent(carried::add));
        Set<String> persons = personIds(envelope.data());
        Instant now = clock.instant();
        for (String recipient : recipients(envelope, sender, config)) {
            Optional<Agreement> agreement = config.liveBetween(sender.id(), recipient, now).stream()
                    .filter(a -> a.messageTypes().contains(envelope.type()) && a.purposes().contains(envelope.purpose())
                            && a.categories().containsAll(carried))
                    .min(java.util.Comparator.comparing(Agreement::id));
            Decision decision;
            if (partners.find(recipient).isEmpty()) {
                decision = new Decision.Deny(recipient, DenyReason.UNKNOWN_RECIPIENT);
            } else if (unclassified) {
                decision = new Decision.Deny(recipient, DenyReason.UNKNOWN_CATEGORY);
            } else if (agreement.isEmpty()) {
                decision = new Decision.Deny(recipient, DenyReason.NO_AGREEMENT);
            } else {
                decision = gate.decide(familyConsent, new Disclosure(recipient, sender.id(), sender.kind(),
                        envelope.type(), persons, carried, envelope.purpose(), now));
            }
            String decisionId = UUID.randomUUID().toString();
            if (decision instanceof Decision.Permit permit) {
                List<String> basis = new ArrayList<>(permit.basisIds());
                basis.add(agreement.get().id());
                forwardCopy(record, envelope, recipient, basis, decisionId);
                ledger(record, decisionEntry(envelope, decisionId, recipient, "permit", basis, null, now));
                status(record, envelope, new StatusNotice(envelope.id(), recipient, StatusNotice.FORWARDED, null, decisionId, now));
            } else if (decision instanceof Decision.Deny deny) {
                String reason = deny.reason().code();
                ledger(record, decisionEntry(envelope, decisionId, recipient, "deny", List.of(), reason, now));
                status(record, envelope, new StatusNotice(envelope.id(), recipient, StatusNotice.WITHHELD, reason, decisionId, now));
            }
        }
    }

    /** The addressees the sender named, then those the routing rules add (rules in id order), each once. */
    private static Set<String> recipients(Envelope envelope, Partner sender, ConfigSnapshot config) {
        Set<String> recipients = new java.util.LinkedHashSet<>(envelope.recipients());
        config.rules().values().stream()
                .sorted(java.util.Comparator.comparing(RoutingRule::id))
                .filter(rule -> rule.matches(envelope, sender.kind()))
                .forEach(rule -> recipients.addAll(rule.recipients(envelope)));
        return recipients;
    }

    /** The recipient's copy: itself as the only addressee, the CloudEvents binding and the hub's own headers. */
    private void forwardCopy(Record<String, byte[]> record, Envelope envelope, String recipient, List<String> basis,
                             String decisionId) {
        Envelope copy = envelope.withRecipients(List.of(recipient));
        Headers headers = new RecordHeaders();
        CloudEventCodec.headers(copy, CloudEventCodec.Binding.KAFKA).forEach((name, value) -> headers.add(name, utf8(value)));
        headers.add(KithHeaders.RECIPIENT, utf8(recipient))
                .add(KithHeaders.DECISION_ID, utf8(decisionId))
                .add(KithHeaders.BASIS, utf8(String.join(",", basis)));
        context.forward(new Record<>(record.key(), CloudEventCodec.dataBytes(copy), record.timestamp(), headers),
                EnforcementTopology.OUTBOUND);
    }

    private static LedgerEntry decisionEntry(Envelope envelope, String decisionId, String recipient, String outcome,
                                             List<String> basis, String reason, Instant now) {
        return new LedgerEntry(LedgerEntry.DECISION, decisionId, envelope.id(), envelope.type().typeName(),
                envelope.familyid(), envelope.source(), recipient, outcome, basis, reason, now);
    }

    private void status(Record<String, byte[]> record, Envelope envelope, StatusNotice notice) {
        var headers = new RecordHeaders().add(KithHeaders.RECIPIENT, utf8(envelope.source()));
        context.forward(new Record<>(record.key(), json(notice), record.timestamp(), headers), EnforcementTopology.STATUS);
    }

    private void ledger(Record<String, byte[]> record, LedgerEntry entry) {
        context.forward(new Record<>(record.key(), json(entry), record.timestamp(), new RecordHeaders()),
                EnforcementTopology.LEDGER);
    }

    private void deadLetter(Record<String, byte[]> record, String reason, String detail, List<Violation> violations) {
        Optional<RecordMetadata> origin = context.recordMetadata();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(CloudEventCodec.Binding.KAFKA.prefix()) && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        var letter = new DeadLetter(reason, detail, violations,
                origin.map(RecordMetadata::topic).orElse(null),
                origin.map(RecordMetadata::partition).orElse(-1),
                origin.map(RecordMetadata::offset).orElse(-1L),
                record.key(), headers,
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8), clock.instant());
        context.forward(new Record<>(record.key(), json(letter), record.timestamp(), new RecordHeaders()),
                EnforcementTopology.DEAD_LETTER);
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
