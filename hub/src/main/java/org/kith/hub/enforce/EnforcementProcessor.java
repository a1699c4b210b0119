package org.kith.hub.enforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Partners;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.ConfigStoreUpdater;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.rules.LivePartners;
import org.kith.hub.topics.Topics;
import org.kith.schemas.SubmissionValidator;

/**
 * The enforcement step for one inbound record, as its flow: the {@link ArrivalClassifier} reads it
 * once ({@link Arrival}); the handler for its kind decides and returns what is to be written
 * ({@link Effects}); the {@link EffectWriter} writes it, all in the record's exactly-once
 * transaction. A family document goes into the family's consent file; any other message goes,
 * through the shared {@link Release}, to the addressees it names and those the routing rules add,
 * each decided alone by the consent engine: the redacted copy to the recipient, a status notice to
 * the sender (what was withheld and why, never the data), a ledger entry for every decision. A
 * record that cannot be processed becomes a dead letter and never blocks its partition. A message
 * id is decided once ({@link DecidedMessages}): a second copy is a {@link Arrival.Duplicate}, recorded
 * and told to its sender, never decided again. The wall-clock {@link Punctuations} (SLA alerts,
 * measures, ledger checkpoints) go through the same writer.
 */
final class EnforcementProcessor implements Processor<String, byte[], String, byte[]>, Arrival.Handlers {

    /** How often the measures that changed are published: a report is at most this much behind. */
    static final Duration MEASURES_EVERY = Duration.ofSeconds(1);

    private final PartnerRegistry filePartners;
    private final SubmissionValidator validator;
    private final ConfigView configView;
    private final Engines engines;
    private final Clock clock;
    private final EnforcementTopology.LedgerSettings ledgerSettings;
    private final EnforcementTopology.ReferralSettings referralSettings;
    private final HubMetrics metrics;
    private final FamilyLimits familyLimits;
    private final String ledgerTopic;
    private final Duration decidedFor;
    private final BreakGlass breakGlass;
    private ProcessorContext<String, byte[]> context;
    private ArrivalClassifier classifier;
    private EffectWriter writer;
    private DeadLetters deadLetters;
    private EdgeRefusalHandler edgeRefusals;
    private final DeliveryReceiptHandler deliveryReceipts = new DeliveryReceiptHandler();
    private final AdminChangeHandler adminChanges = new AdminChangeHandler();
    private FamilyDocumentHandler familyDocuments;
    private ReferralHandler referrals;
    private ReferralStatusHandler referralStatuses;
    private MessageHandler messages;
    private DuplicateHandler duplicates;
    private RedeliveryHandler redeliveries;
    private Punctuations punctuations;

    EnforcementProcessor(PartnerRegistry partners, SubmissionValidator validator, ConfigView configView,
                         Engines engines, EnforcementTopology.LedgerSettings ledgerSettings,
                         EnforcementTopology.ReferralSettings referralSettings, HubMetrics metrics, FamilyLimits familyLimits,
                         String ledgerTopic, Duration decidedFor, Clock clock, BreakGlass breakGlass) {
        this.breakGlass = breakGlass;
        this.filePartners = partners;
        this.validator = validator;
        this.configView = configView;
        this.engines = engines;
        this.ledgerSettings = ledgerSettings;
        this.referralSettings = referralSettings;
        this.metrics = metrics;
        this.familyLimits = familyLimits;
        this.ledgerTopic = ledgerTopic;
        this.decidedFor = decidedFor;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        int partition = context.taskId().partition();
        KeyValueStore<String, byte[]> familyStore = context.getStateStore(Topics.CONSENT_STORE);
        ReadOnlyKeyValueStore<String, byte[]> configStore = context.getStateStore(ConfigStoreUpdater.STORE);
        Supplier<ConfigSnapshot> config = () -> configView.current(configStore);
        Partners partners = new LivePartners(filePartners, config);
        FamilyReader families = new FamilyReader(id -> FamilyStore.documents(familyStore, id),
                new FamilyRecords(engines.jurisdiction()), familyLimits);
        MeasureRecorder measures = new MeasureRecorder(referralSettings.measures()
                ? context.getStateStore(EnforcementTopology.MEASURE_STORE) : null);
        ReferralTracker tracker = new ReferralTracker(context.getStateStore(EnforcementTopology.REFERRAL_STORE),
                context.getStateStore(EnforcementTopology.DEADLINE_STORE), measures, referralSettings.defaultSla());
        LedgerWriter ledger = new LedgerWriter(context, context.getStateStore(EnforcementTopology.CHAIN_STORE),
                ledgerTopic + "-" + partition, ledgerSettings.policy(), ledgerSettings.keys(), clock,
                () -> metrics.ledgerCheckpoint(partition));
        Release release = new Release(new Dispatch(partners), engines, new SignedCopy(ledgerSettings.keys()), clock);

        WindowStore<String, Long> decided = context.getStateStore(EnforcementTopology.DECIDED_STORE);
        classifier = new ArrivalClassifier(validator, partners, DecidedMessages.in(decided, decidedFor));
        deadLetters = new DeadLetters(clock);
        edgeRefusals = new EdgeRefusalHandler(partners, clock);
        SignedCopy signed = new SignedCopy(ledgerSettings.keys());
        familyDocuments = new FamilyDocumentHandler(families, deadLetters, breakGlass, new WithdrawalNotices(
                WithdrawalNotices.AccountingReader.of(context.getStateStore(EnforcementTopology.ACCOUNTING_STORE)),
                partners, signed), clock);
        referrals = new ReferralHandler(tracker, families, config, release, partners, engines, referralSettings.measures(),
                deadLetters, clock);
        referralStatuses = new ReferralStatusHandler(tracker, families, config, release, deadLetters, clock);
        messages = new MessageHandler(families, config, release);
        duplicates = new DuplicateHandler(clock);
        redeliveries = new RedeliveryHandler(families, config, release);
        writer = new EffectWriter(context, ledger, familyStore, context.getStateStore(EnforcementTopology.ACCOUNTING_STORE),
                context.getStateStore(EnforcementTopology.HISTORY_STORE), decided, tracker, measures, metrics);
        punctuations = new Punctuations(tracker, measures, partition);

        Duration every = ledgerSettings.policy().maxAge().dividedBy(4);
        context.schedule(every.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : every,
                PunctuationType.WALL_CLOCK_TIME, at -> writer.write(punctuations.ledgerCheckpoint(), at));
        context.schedule(referralSettings.checkEvery(), PunctuationType.WALL_CLOCK_TIME, at -> {
            Instant now = clock.instant();
            writer.write(punctuations.overdueAlerts(now), now.toEpochMilli());
        });
        if (referralSettings.measures()) {
            measures.republishAll();
            context.schedule(MEASURES_EVERY, PunctuationType.WALL_CLOCK_TIME, at -> writer.write(punctuations.measures(), at));
        }
    }

    /** Ingress, decide, emit. */
    @Override
    public void process(Record<String, byte[]> record) {
        Arrival arrival = classifier.classify(Inbound.of(record, context.recordMetadata()));
        metrics.messageIn(arrival.label());
        try {
            writer.write(DecidedMessages.once(arrival, arrival.handledBy(this)), record.timestamp());
        } catch (RuntimeException e) {
            // A fault of ours must not block the family's partition: set the record aside, by exception type only.
            writer.write(deadLetters.failed(arrival.inbound(), e), record.timestamp());
        }
    }

    // ---------------------------------------------------------------- one handler per kind of arrival

    @Override
    public Effects edgeRefusal(Arrival.EdgeRefusal arrival) {
        return edgeRefusals.handle(arrival);
    }

    @Override
    public Effects deliveryReceipt(Arrival.DeliveryReceipt arrival) {
        return deliveryReceipts.handle(arrival);
    }

    @Override
    public Effects adminChange(Arrival.AdminChange arrival) {
        return adminChanges.handle(arrival);
    }

    /** Refused requests for a family's data: a ledger record, not a disclosure (the accounting does not list it). */
    @Override
    public Effects accessRefused(Arrival.AccessRefused arrival) {
        return Effects.none().ledger(arrival.refused());
    }

    @Override
    public Effects rejected(Arrival.Rejected arrival) {
        return deadLetters.rejected(arrival);
    }

    @Override
    public Effects familyDocument(Arrival.FamilyDocument arrival) {
        return familyDocuments.handle(arrival);
    }

    @Override
    public Effects referral(Arrival.ReferralMessage arrival) {
        return referrals.handle(arrival);
    }

    @Override
    public Effects referralStatus(Arrival.ReferralStatus arrival) {
        return referralStatuses.handle(arrival);
    }

    @Override
    public Effects otherMessage(Arrival.OtherMessage arrival) {
        return messages.handle(arrival);
    }

    @Override
    public Effects duplicate(Arrival.Duplicate arrival) {
        return duplicates.handle(arrival);
    }

    @Override
    public Effects redelivery(Arrival.Redelivery arrival) {
        return redeliveries.handle(arrival);
    }
}
