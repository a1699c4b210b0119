package org.kith.hub.enforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.webhook.DeliveryNotice;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.DecisionRequest;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.engine.Handling;
import org.kith.consent.engine.MessageFacts;
import org.kith.consent.redaction.RedactionResult;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Partners;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.Filing;
import org.kith.hub.evaluation.Cohort;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.ConfigStoreUpdater;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.rules.LivePartners;
import org.kith.hub.rules.RoutingRule;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Category;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.Violation;

/**
 * The enforcement step for one inbound record (CloudEvents Kafka binding). A family profile,
 * consent directive, revocation or legal authority goes into the family's consent file; any other
 * message goes to the addressees it names and those the routing rules add, each decided alone by
 * the consent engine (agreement ceiling, then authorities, the family's directives, emergencies):
 * the redacted copy to the recipient's outbound topic with the hub's headers, a status notice to
 * the sender (what was withheld and why, never the data), and a ledger entry for every decision,
 * denials included. A record that cannot be processed becomes a dead letter and never blocks its
 * partition. Kafka Streams (exactly-once) commits all of these with the consumer offset, or none of them.
 */
final class EnforcementProcessor implements Processor<String, byte[], String, byte[]> {

    /** How often the measures that changed are published: a report is at most this much behind. */
    static final Duration MEASURES_EVERY = Duration.ofSeconds(1);

    private final PartnerRegistry filePartners;
    private Partners partners;
    private final SubmissionValidator validator;
    private final ConfigView configView;
    private final Engines engines;
    private final FamilyRecords familyRecords;
    private Dispatch dispatch;
    private final Clock clock;
    private final EnforcementTopology.LedgerSettings ledgerSettings;
    private final EnforcementTopology.ReferralSettings referralSettings;
    private final HubMetrics metrics;
    private final String ledgerTopic;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, FamilyFile> families;
    private ReadOnlyKeyValueStore<String, byte[]> configStore;
    private LedgerWriter ledger;
    private KeyValueStore<String, String> accounting;
    private KeyValueStore<String, String> history;
    private ReferralTracker referrals;
    private MeasureRecorder measures;

    EnforcementProcessor(PartnerRegistry partners, SubmissionValidator validator, ConfigView configView,
                         Engines engines, EnforcementTopology.LedgerSettings ledgerSettings,
                         EnforcementTopology.ReferralSettings referralSettings, HubMetrics metrics, String ledgerTopic,
                         Clock clock) {
        this.filePartners = partners;
        this.validator = validator;
        this.configView = configView;
        this.engines = engines;
        this.familyRecords = new FamilyRecords(engines.jurisdiction());
        this.ledgerSettings = ledgerSettings;
        this.referralSettings = referralSettings;
        this.metrics = metrics;
        this.ledgerTopic = ledgerTopic;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.families = context.getStateStore(Topics.CONSENT_STORE);
        this.configStore = context.getStateStore(ConfigStoreUpdater.STORE);
        this.partners = new LivePartners(filePartners, () -> configView.current(configStore));
        this.dispatch = new Dispatch(partners);
        this.accounting = context.getStateStore(EnforcementTopology.ACCOUNTING_STORE);
        this.history = context.getStateStore(EnforcementTopology.HISTORY_STORE);
        this.ledger = new LedgerWriter(context, context.getStateStore(EnforcementTopology.CHAIN_STORE),
                ledgerTopic + "-" + context.taskId().partition(), ledgerSettings.policy(), ledgerSettings.keys(), clock,
                () -> metrics.ledgerCheckpoint(context.taskId().partition()));
        Duration every = ledgerSettings.policy().maxAge().dividedBy(4);
        context.schedule(every.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : every,
                PunctuationType.WALL_CLOCK_TIME, ledger::checkpointIfDue);
        this.measures = new MeasureRecorder(referralSettings.measures()
                ? context.getStateStore(EnforcementTopology.MEASURE_STORE) : null);
        this.referrals = new ReferralTracker(context.getStateStore(EnforcementTopology.REFERRAL_STORE),
                context.getStateStore(EnforcementTopology.DEADLINE_STORE), measures, referralSettings.defaultSla());
        context.schedule(referralSettings.checkEvery(), PunctuationType.WALL_CLOCK_TIME, at -> raiseOverdueAlerts());
        if (referralSettings.measures()) {
            measures.republishAll();
            context.schedule(MEASURES_EVERY, PunctuationType.WALL_CLOCK_TIME, this::publishMeasures);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.headers().lastHeader(KithHeaders.REFUSAL) != null) {
            metrics.messageIn("refusal-notice");
            recordRefusal(record);
            return;
        }
        if (record.headers().lastHeader(KithHeaders.DELIVERY) != null) {
            metrics.messageIn("delivery-receipt");
            recordDelivery(record);
            return;
        }
        if (record.headers().lastHeader(KithHeaders.ADMIN_CHANGE) != null) {
            metrics.messageIn("admin-change");
            recordAdminChange(record);
            return;
        }
        Envelope envelope;
        try {
            envelope = CloudEventCodec.fromCloudEvent(
                    KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent());
        } catch (RuntimeException e) {
            metrics.messageIn("unparseable");
            deadLetter(record, DeadLetter.UNPARSEABLE, "not a Kith CloudEvent", List.of());
            return;
        }
        metrics.messageIn(envelope.type().shortName());
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
        try {
            switch (envelope.type()) {
                case FAMILY_PROFILE, CONSENT_DIRECTIVE, CONSENT_REVOCATION, LEGAL_AUTHORITY ->
                        file(record, envelope, sender.get());
                case REFERRAL -> referral(record, envelope, sender.get());
                case REFERRAL_STATUS -> referralStatus(record, envelope, sender.get());
                default -> release(record, envelope, sender.get(), family(envelope.familyid()), Set.of());
            }
        } catch (RuntimeException e) {
            // A fault of ours must not block the family's partition: set the message aside, by exception type only.
            deadLetter(record, DeadLetter.PROCESSING_ERROR, e.getClass().getName(), List.of());
        }
    }

    // ---------------------------------------------------------------- refusals at the door

    /**
     * A refusal notice of the REST ingress (a message refused for its signature or as a replay) or of
     * the Kafka ingress (refused for any reason): a ledger refusal, never a message. Only the ingresses
     * write the header that marks it. The Kafka ingress could not answer its sender, so a registered
     * sender is told on its status topic.
     */
    private void recordRefusal(Record<String, byte[]> record) {
        RefusalNotice notice;
        try {
            notice = RefusalNotice.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            deadLetter(record, DeadLetter.UNPARSEABLE, "not a refusal notice", List.of());
            return;
        }
        ledger.append(new LedgerEvent.Refusal(notice.sender(), notice.partnerEventId(), notice.reason(),
                notice.bodySha256()), record.timestamp());
        if (notice.channel() != null && partners.find(notice.sender()).isPresent()) {
            status(record.key(), notice.sender(), StatusNotice.refusedAtEdge(notice.partnerEventId(), notice.reason(),
                    clock.instant()), record.timestamp());
        }
    }

    /**
     * A webhook route's notice: the partner's endpoint took the copy (a ledger delivery) or refused it for
     * good (a ledger final failure). Ids, hashes and codes, never a message.
     */
    private void recordDelivery(Record<String, byte[]> record) {
        DeliveryNotice notice;
        try {
            notice = DeliveryNotice.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            deadLetter(record, DeadLetter.UNPARSEABLE, "not a delivery notice", List.of());
            return;
        }
        if (notice.failure() != null) {
            ledger.append(new LedgerEvent.DeliveryFailed(notice.decisionId(), notice.messageId(), notice.recipient(),
                    notice.channel(), notice.bodySha256(), notice.kid(), notice.failure()), record.timestamp());
            return;
        }
        ledger.append(new LedgerEvent.Delivery(notice.decisionId(), notice.messageId(), notice.recipient(),
                notice.channel(), notice.bodySha256(), notice.kid()), record.timestamp());
    }

    /** An administrative change made outside the stream (a replay, a configuration change): a ledger record. */
    private void recordAdminChange(Record<String, byte[]> record) {
        LedgerEvent.AdminChange change;
        try {
            change = Json.mapper().readValue(record.value(), LedgerEvent.AdminChange.class);
        } catch (java.io.IOException | RuntimeException e) {
            deadLetter(record, DeadLetter.UNPARSEABLE, "not an admin change notice", List.of());
            return;
        }
        ledger.append(change, record.timestamp());
        ObjectNode entry = Json.mapper().valueToTree(change);
        entry.put("at", Instant.ofEpochMilli(record.timestamp()).toString());
        history(change.objectType(), change.objectId(), entry, record.timestamp());
    }

    /** One step in the history of an administered object, beside its ledger record (same transaction). */
    private void history(String objectType, String objectId, ObjectNode entry, long timestamp) {
        String position = context.recordMetadata().map(m -> m.partition() + "-" + m.offset()).orElse("0-0");
        history.put(EnforcementTopology.historyKey(objectType, objectId, timestamp, position), entry.toString());
    }

    // ---------------------------------------------------------------- the family's consent file

    /**
     * Records a consent document in the family's file. Only a child welfare agency records family
     * facts, consent and authorities; a court may also record its own orders. The new file must read
     * in full before it replaces the old one, so a document the engine cannot take changes nothing.
     */
    private void file(Record<String, byte[]> record, Envelope envelope, Partner sender) {
        Optional<String> notAuthorised = Filing.notAuthorised(sender.kind(), envelope);
        if (notAuthorised.isPresent()) {
            deadLetter(record, DeadLetter.NOT_AUTHORISED, notAuthorised.get(), List.of());
            return;
        }
        Instant now = clock.instant();
        FamilyFile current = Optional.ofNullable(families.get(envelope.familyid()))
                .orElseGet(() -> FamilyFile.empty(envelope.familyid()));
        Filing.Filed filed;
        try {
            filed = Filing.file(current, envelope, now, familyRecords);
        } catch (RuntimeException e) {
            refuse(record, envelope, e.getMessage());
            return;
        }
        families.put(envelope.familyid(), filed.next());
        LedgerEvent.ConsentRecorded entry = filed.entry();
        ledger.append(entry, record.timestamp());
        ObjectNode step = Json.mapper().createObjectNode().put("at", now.toString()).put("actor", sender.id())
                .put("action", entry.status()).put("document", entry.document()).put("messageId", envelope.id());
        entry.basis().forEach(step.putArray("basis")::add);
        history(filed.objectType(), filed.objectId(), step, record.timestamp());
        status(record, envelope, new StatusNotice(envelope.id(), null, StatusNotice.RECORDED, null, null, List.of(), now));
    }

    // ---------------------------------------------------------------- referrals

    /** A referral: re-sends only what was declined or cancelled; each recipient's copy starts a lifecycle. */
    private void referral(Record<String, byte[]> record, Envelope envelope, Partner sender) {
        try {
            referrals.checkResend(envelope);
        } catch (ReferralTracker.Refused e) {
            refuse(record, envelope, e.getMessage());
            return;
        }
        ConfigSnapshot config = configView.current(configStore);
        if (Dispatch.recipients(envelope, sender, config).isEmpty()) {
            refuse(record, envelope, "the referral names no recipient and no routing rule chose one");
            return;
        }
        Instant now = clock.instant();
        FamilyRecord family = family(envelope.familyid());
        for (Released released : release(record, envelope, sender, family, Set.of())) {
            if (released.copied()) {
                Cohort cohort = Cohort.of(envelope.data(), sender.id(), released.recipient(), now,
                        demographicsForEvaluation(envelope, sender, released.recipient(), family, config));
                referrals.forwarded(envelope, released.recipient(), released.agreements(), config, cohort.key(), now);
            }
        }
    }

    /**
     * Whether the demographics of the person a referral is for may count in the partnership's
     * disparity measures: the consent engine, asked whether that person's demographics may go from
     * the referrer to the recipient for the {@code evaluation} purpose, must say yes (a directive
     * or an authority covering evaluation, under an agreement that allows it). A referral that
     * carries none has nothing to withhold.
     */
    private boolean demographicsForEvaluation(Envelope envelope, Partner sender, String recipient, FamilyRecord family,
                                              ConfigSnapshot config) {
        JsonNode person = Cohort.subject(envelope.data());
        if (!referralSettings.measures() || !person.has("demographics") && !person.has("birthDate")) {
            return true;
        }
        Optional<Partner> to = partners.find(recipient);
        if (to.isEmpty() || !person.hasNonNull("personId")) {
            return false;
        }
        ConsentDecision decision = engines.forConfig(config).decide(new DecisionRequest(envelope.id(),
                envelope.familyid(), envelope.type(), Purpose.EVALUATION, List.of(person.get("personId").asText()),
                new org.kith.consent.model.Partner(sender.id(), sender.kind()),
                new org.kith.consent.model.Partner(recipient, to.get().kind()),
                new MessageFacts(Set.of(Category.DEMOGRAPHICS), Set.of(), false)), family);
        return decision.disclosed().contains(Category.DEMOGRAPHICS);
    }

    /**
     * A status of a referral: the move must be one the lifecycle allows; it then goes, through the
     * consent engine like any message, to the other side and the family's responsible agency; one
     * that may not see it is told only that the referral was updated.
     */
    private void referralStatus(Record<String, byte[]> record, Envelope envelope, Partner sender) {
        Instant now = clock.instant();
        ReferralTracker.Moved moved;
        try {
            moved = referrals.apply(envelope, now);
        } catch (ReferralTracker.Refused e) {
            refuse(record, envelope, e.getMessage());
            return;
        }
        FamilyRecord family = family(envelope.familyid());
        Set<String> counterparts = ReferralTracker.counterparts(moved, family.profile().responsibleAgency());
        Set<String> copied = new LinkedHashSet<>();
        for (Released released : release(record, envelope, sender, family, counterparts)) {
            if (released.copied()) {
                copied.add(released.recipient());
            }
        }
        for (ReferralTracker.Notice notice : referrals.released(envelope, moved, copied, counterparts, now)) {
            status(record.key(), notice.partner(), notice.notice(), record.timestamp());
        }
    }

    /** The wall-clock punctuator: SLA alerts to referrers whose referrals were not received or answered in time. */
    private void raiseOverdueAlerts() {
        Instant now = clock.instant();
        for (ReferralTracker.Notice alert : referrals.due(now)) {
            status(alert.familyId(), alert.partner(), alert.notice(), now.toEpochMilli());
            metrics.referralOverdue(alert.notice().reason());
        }
    }

    /**
     * The measures that changed since the last punctuation, as this task's running totals (the
     * latest value of each cell only), to the compacted measures topic:
     * {@code <measure>|<task>|<cell>} (no person, no family in it).
     */
    private void publishMeasures(long timestamp) {
        measures.drain().forEach((key, value) -> {
            int bar = key.indexOf('|');
            String topicKey = key.substring(0, bar) + "|" + context.taskId().partition() + key.substring(bar);
            context.forward(new Record<>(topicKey, value, timestamp, new RecordHeaders()), EnforcementTopology.MEASURES);
        });
    }

    // ---------------------------------------------------------------- release

    /** What became of one recipient's copy; {@code agreements} are those the decision rested on. */
    private record Released(String recipient, boolean copied, List<String> agreements) {
    }

    private FamilyRecord family(String familyId) {
        return familyRecords.read(Optional.ofNullable(families.get(familyId)).orElseGet(() -> FamilyFile.empty(familyId)));
    }

    /**
     * Decides and releases a message to its addressees, those the routing rules add and
     * {@code alsoTo}, each alone ({@link Dispatch}); returns what became of each.
     */
    private List<Released> release(Record<String, byte[]> record, Envelope envelope, Partner sender,
                                   FamilyRecord family, Set<String> alsoTo) {
        ConfigSnapshot config = configView.current(configStore);
        Dispatch.Plan plan = dispatch.plan(envelope, sender, family, config, engines.forConfig(config), alsoTo);
        List<String> subjects = plan.subjects();
        Instant now = clock.instant();
        List<Released> outcomes = new ArrayList<>();
        for (Dispatch.Verdict verdict : plan.verdicts()) {
            String recipient = verdict.recipient();
            String decisionId = UUID.randomUUID().toString();
            if (!(verdict instanceof Dispatch.Decided decided)) {
                withhold(record, envelope, recipient, decisionId, List.of(new Withholding("message", "unknown-recipient")),
                        subjects, List.of(), List.of(), null, now);
                outcomes.add(new Released(recipient, false, List.of()));
                continue;
            }
            ConsentDecision decision = decided.decision();
            if (decided.result() instanceof RedactionResult.Copy copy) {
                boolean redacted = decision.outcome() == ConsentDecision.Outcome.REDACT;
                List<Withholding> withheld = Withholding.of(decision.withheld());
                forwardCopy(record, envelope.withData(copy.data()), recipient, basis(decision), copy.handling(), decisionId);
                recordDecision(decisionEvent(envelope, decisionId, recipient, redacted ? "redact" : "permit",
                        decision.disclosed().stream().map(c -> c.code()).toList(), withheld, subjects,
                        Dispatch.ledgerBasis(decision), decision.bases().rules(), decision.header().policyVersion()),
                        record.timestamp());
                StatusNotice notice = new StatusNotice(envelope.id(), recipient,
                        redacted ? StatusNotice.REDACTED : StatusNotice.FORWARDED, null, decisionId, withheld, now);
                if (envelope.type() == MessageType.REFERRAL && config.capacityOf(recipient,
                        envelope.data().path("serviceType").asText(), envelope.data().at(RoutingRule.AREA_POINTER).asText(null))
                        .filter(status -> status == ProviderCapacity.Status.FULL).isPresent()) {
                    notice = notice.withCapacity(StatusNotice.CAPACITY_FULL);
                }
                status(record, envelope, notice);
                outcomes.add(new Released(recipient, true, decision.bases().agreements()));
            } else {
                withhold(record, envelope, recipient, decisionId, Withholding.notSent(decision), subjects,
                        Dispatch.ledgerBasis(decision), decision.bases().rules(), decision.header().policyVersion(), now);
                outcomes.add(new Released(recipient, false, List.of()));
            }
        }
        return outcomes;
    }

    private void withhold(Record<String, byte[]> record, Envelope envelope, String recipient, String decisionId,
                          List<Withholding> withheld, List<String> subjects, List<String> basis, List<String> rules,
                          String policy, Instant now) {
        String reason = withheld.get(0).reason();
        measures.withheld(envelope.source(), recipient, reason, now);
        recordDecision(decisionEvent(envelope, decisionId, recipient, "deny", List.of(), withheld, subjects, basis, rules,
                policy), record.timestamp());
        status(record, envelope, new StatusNotice(envelope.id(), recipient, StatusNotice.WITHHELD, reason, decisionId,
                withheld, now));
    }

    /**
     * A decision goes to the ledger and to the family's accounting of disclosures (a store keyed by
     * family and time, so the accounting is read without scanning the ledger), in one transaction.
     */
    private void recordDecision(LedgerEvent.Decision decision, long timestamp) {
        ledger.append(decision, timestamp);
        metrics.decision(decision.outcome());
        Instant at = clock.instant();
        ObjectNode entry = Json.mapper().valueToTree(decision);
        entry.put("at", at.toString());
        accounting.put(EnforcementTopology.accountingKey(decision.familyId(), at, decision.decisionId()),
                entry.toString());
    }

    private static LedgerEvent.Decision decisionEvent(Envelope envelope, String decisionId, String recipient,
                                                      String outcome, List<String> granted, List<Withholding> withheld,
                                                      List<String> subjects, List<String> basis, List<String> rules,
                                                      String policy) {
        return new LedgerEvent.Decision(decisionId, envelope.id(), envelope.type().typeName(), envelope.familyid(),
                subjects, envelope.source(), recipient, envelope.purpose().code(), outcome, granted,
                withheld.stream().map(w -> w.category() + ":" + w.reason()).toList(), basis,
                withheld.stream().map(Withholding::reason).distinct().toList(), rules, policy);
    }

    /** Every id a decision rests on: directives, authorities and statutes, then agreements. */
    private static List<String> basis(ConsentDecision decision) {
        List<String> ids = new ArrayList<>(decision.bases().directives());
        ids.addAll(decision.bases().authorities());
        ids.addAll(decision.bases().agreements());
        return ids;
    }

    /**
     * The recipient's copy: the redacted data, itself as the only addressee, the CloudEvents binding
     * and the hub's own headers (decision, basis, redisclosure and its notice, review). What was
     * withheld is not said to the recipient: that a substance-use record was removed is itself Part 2 data.
     * The copy is signed by the hub's active key over its {@code ce_} headers and value.
     */
    private void forwardCopy(Record<String, byte[]> record, Envelope copy, String recipient, List<String> basis,
                             Handling handling, String decisionId) {
        Envelope addressed = copy.withRecipients(List.of(recipient));
        Map<String, String> binding = CloudEventCodec.headers(addressed, CloudEventCodec.Binding.KAFKA);
        byte[] value = CloudEventCodec.dataBytes(addressed);
        Headers headers = new RecordHeaders();
        binding.forEach((name, text) -> headers.add(name, utf8(text)));
        headers.add(KithHeaders.SIGNATURE, utf8(DetachedJws.sign(ledgerSettings.keys(),
                SigningInput.binary(binding, CloudEventCodec.Binding.KAFKA, value))));
        headers.add(KithHeaders.RECIPIENT, utf8(recipient))
                .add(KithHeaders.DECISION_ID, utf8(decisionId))
                .add(KithHeaders.BASIS, utf8(String.join(",", basis)))
                .add(KithHeaders.REDISCLOSURE, utf8(handling.redisclosureProhibited()
                        ? KithHeaders.REDISCLOSURE_PROHIBITED : KithHeaders.REDISCLOSURE_ALLOWED));
        handling.notice().ifPresent(notice -> headers.add(KithHeaders.NOTICE, utf8(notice)));
        if (handling.reviewRequired()) {
            headers.add(KithHeaders.REVIEW, utf8(KithHeaders.REVIEW_REQUIRED));
        }
        context.forward(new Record<>(record.key(), value, record.timestamp(), headers), EnforcementTopology.OUTBOUND);
        metrics.copyOut();
    }

    private void status(Record<String, byte[]> record, Envelope envelope, StatusNotice notice) {
        status(record.key(), envelope.source(), notice, record.timestamp());
    }

    private void status(String familyId, String partner, StatusNotice notice, long timestamp) {
        var headers = new RecordHeaders().add(KithHeaders.RECIPIENT, utf8(partner));
        context.forward(new Record<>(familyId, json(notice), timestamp, headers), EnforcementTopology.STATUS);
    }

    /** A message the hub will not take as it stands: a dead letter for the operator, a notice to its sender. */
    private void refuse(Record<String, byte[]> record, Envelope envelope, String why) {
        deadLetter(record, DeadLetter.REFUSED, why, List.of());
        status(record, envelope, new StatusNotice(envelope.id(), null, StatusNotice.REFUSED, why, null, List.of(),
                clock.instant()));
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
        metrics.deadLetter(reason);
        ledger.append(new LedgerEvent.Refusal(headers.get(CloudEventCodec.Binding.KAFKA.prefix() + "source"),
                headers.get(CloudEventCodec.Binding.KAFKA.prefix() + "id"), reason,
                record.value() == null ? null : Digests.hex(Digests.sha256(record.value()))), record.timestamp());
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
