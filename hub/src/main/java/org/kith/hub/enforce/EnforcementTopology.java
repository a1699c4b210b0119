package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.hub.config.HubOption;
import org.kith.hub.admin.EmergencyDeclarations;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.ingress.IdTopic;
import org.kith.hub.ledger.HashChain;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralSla;
import org.kith.hub.rules.ConfigStoreUpdater;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.topics.Topics;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.SubmissionValidator;

/**
 * The enforcement core: {@code kith.inbound} through {@link EnforcementProcessor}, with the
 * per-family consent store (each family's documents, one entry each: {@link FamilyStore}; changelogged) and the global config
 * store (agreements, routing rules, statute rules; loaded before processing starts and followed
 * afterwards), into the outbound, status, ledger and dead-letter topics. The ledger is hash-chained
 * per partition with signed checkpoints ({@link LedgerWriter}). Consent is decided under
 * the example US jurisdiction's ages and limits ({@link Jurisdiction#example()}) with the configured
 * statute rules.
 */
public final class EnforcementTopology {

    static final String OUTBOUND = "outbound";
    static final String STATUS = "status";
    static final String LEDGER = "ledger";
    static final String DEAD_LETTER = "dead-letter";
    /** Each task's ledger chain state (see {@link LedgerWriter}); changelogged like the consent store. */
    static final String CHAIN_STORE = "ledger-chain";
    /** The message ids each task decided lately ({@link DecidedMessages}): a window store, changelogged. */
    static final String DECIDED_STORE = "decided-messages";
    /** How long a decided message id is kept when the hub does not say: as long as the default replay window's ids. */
    static final Duration DEFAULT_DECIDED_FOR = IdTopic.retention(Duration.ofMillis(
            Long.parseLong(HubOption.INGRESS_REPLAY_WINDOW_MS.defaultValue().orElseThrow())));

    /** Each family's decisions, keyed {@link #accountingKey}: the accounting of disclosures, queried in place. */
    public static final String ACCOUNTING_STORE = "accounting";

    /** Family, then time, then decision: a prefix scan on the family gives its accounting in order. */
    static String accountingKey(String familyId, java.time.Instant at, String decisionId) {
        return familyId + "|" + String.format("%013d", at.toEpochMilli()) + "|" + decisionId;
    }

    /**
     * The history of every administered object (agreements, rules and statutes; each family's
     * directives, authorities and profile), keyed {@link #historyKey}, in the partition of the
     * record that changed it: {@code admin:<type>} for configuration, the family id for a family's
     * documents. Queried in place by {@link HistoryStoreQuery}.
     */
    public static final String HISTORY_STORE = "admin-history";

    /** Object, then time, then ledger position: a prefix scan on the object gives its history in order. */
    static String historyKey(String objectType, String objectId, long timestamp, String position) {
        return objectType + ":" + objectId + "|" + String.format("%013d", timestamp) + "|" + position;
    }

    /** How the enforcement core signs and seals its ledger: the hub's keys and when to checkpoint. */
    public record LedgerSettings(KeyRing keys, HashChain.Policy policy) {
    }

    /** Each family's referrals, keyed {@link org.kith.hub.referral.Referral#key}. */
    public static final String REFERRAL_STORE = "referrals";
    /** Referral SLA deadlines, keyed by due time then referral: a punctuation reads a range. */
    static final String DEADLINE_STORE = "referral-deadlines";
    /** This task's evaluation measures ({@link MeasureRecorder}). */
    static final String MEASURE_STORE = "measures";
    static final String MEASURES = "measures";
    /** Every task's measure totals, mirrored on every instance (read by {@link MeasuresQuery}). */
    public static final String MEASURES_STORE = "measure-totals";

    /**
     * The referral loop's settings: the SLA when no agreement sets one, how often due deadlines
     * are looked for (wall-clock time), and whether the evaluation measures are kept (off only to
     * measure what they cost).
     */
    public record ReferralSettings(ReferralSla defaultSla, Duration checkEvery, boolean measures) {
        public ReferralSettings {
            java.util.Objects.requireNonNull(defaultSla, "defaultSla");
            if (checkEvery.isNegative() || checkEvery.isZero()) {
                throw new IllegalArgumentException("the SLA check interval must be positive");
            }
        }
    }
    private static final String SOURCE = "inbound";
    private static final String ENFORCE = "enforce";
    private static final String CONFIG_SOURCE = "config-source";
    private static final String CONFIG_UPDATER = "config-updater";
    private static final String MEASURES_SOURCE = "measures-source";
    private static final String MEASURES_UPDATER = "measures-updater";

    private EnforcementTopology() {
    }

    public static Topology build(Topics topics, PartnerRegistry partners, SubmissionValidator validator,
                                 LedgerSettings ledger, ReferralSettings referrals, HubMetrics metrics, Clock clock) {
        return build(topics, partners, validator, ledger, referrals, metrics, clock, new ConfigView(), DEFAULT_DECIDED_FOR);
    }

    /**
     * The core, with {@code config} told of every change of the config topic (the edges follow the
     * registered partners through it).
     *
     * @param partners   the partners file; those registered through the administration API are read
     *                   from the config topic
     * @param decidedFor how long a decided message id is kept, so that a second copy is not decided: as
     *                   long as the ingresses keep the ids ({@link IdTopic#retention})
     */
    public static Topology build(Topics topics, PartnerRegistry partners, SubmissionValidator validator,
                                 LedgerSettings ledger, ReferralSettings referrals, HubMetrics metrics, Clock clock,
                                 ConfigView config, Duration decidedFor) {
        return build(topics, partners, validator, ledger, referrals, metrics, clock, config, decidedFor, Optional.empty(),
                FamilyLimits.DEFAULT);
    }

    /**
     * The core, with {@code declarations} verifying the declaration a message-borne child-safety
     * emergency carries (the identity provider of the administration API); without one, only an
     * emergency declared through the administration API is recorded; each family held to
     * {@code familyLimits}.
     */
    public static Topology build(Topics topics, PartnerRegistry partners, SubmissionValidator validator,
                                 LedgerSettings ledger, ReferralSettings referrals, HubMetrics metrics, Clock clock,
                                 ConfigView config, Duration decidedFor, Optional<EmergencyDeclarations> declarations,
                                 FamilyLimits familyLimits) {
        var keys = new StringSerializer();
        var values = new ByteArraySerializer();
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.inbound());
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ConfigStoreUpdater.STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                CONFIG_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.config(),
                CONFIG_UPDATER, () -> new ConfigStoreUpdater(ConfigStoreUpdater.STORE, config));
        Engines engines = new Engines(clock, Jurisdiction.example());
        topology.addProcessor(ENFORCE,
                () -> new EnforcementProcessor(partners, validator, config, engines, ledger, referrals, metrics,
                        familyLimits, topics.ledger(), decidedFor, clock, new BreakGlass(declarations)), SOURCE);
        // a message id is put once, when it is decided, and looked up for a second copy; old segments go by themselves
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DECIDED_STORE, decidedFor,
                Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()), ENFORCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Topics.CONSENT_STORE), Serdes.String(), Serdes.ByteArray()), ENFORCE);
        topology.addSink(OUTBOUND, byRecipient(topics::outbound), keys, values, ENFORCE);
        topology.addSink(STATUS, byRecipient(topics::status), keys, values, ENFORCE);
        // cached: the chain's head is rewritten with every record, only its last value per commit need reach the changelog
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CHAIN_STORE), Serdes.String(), Serdes.String()).withCachingEnabled(), ENFORCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNTING_STORE), Serdes.String(), Serdes.String()), ENFORCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY_STORE), Serdes.String(), Serdes.String()), ENFORCE);
        // a ledger record's key is its chain's partition: chain p is exactly ledger partition p
        topology.addSink(LEDGER, topics.ledger(), keys, values,
                (topic, key, value, partitions) -> Optional.of(Set.of(Integer.parseInt(key))), ENFORCE);
        topology.addSink(DEAD_LETTER, topics.deadLetter(), keys, values, ENFORCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REFERRAL_STORE), Serdes.String(), JsonSerde.of(Referral.class))
                .withCachingEnabled(), ENFORCE);
        // cached like the chain store: a referral is written twice for one status, a deadline may come and go within a commit
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DEADLINE_STORE), Serdes.String(), Serdes.String()).withCachingEnabled(), ENFORCE);
        // cached: a cohort's counts change with every step of its referrals, only the last value per commit need be logged
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MEASURE_STORE), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), ENFORCE);
        topology.addSink(MEASURES, topics.measures(), keys, values, ENFORCE);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MEASURES_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                MEASURES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.measures(),
                MEASURES_UPDATER, () -> new ConfigStoreUpdater(MEASURES_STORE, null));
        return topology;
    }

    /** Routes a record to the topic of the partner named in its recipient header. */
    private static TopicNameExtractor<String, byte[]> byRecipient(java.util.function.UnaryOperator<String> topicOf) {
        return (key, value, context) -> {
            Header recipient = context.headers().lastHeader(KithHeaders.RECIPIENT);
            if (recipient == null) {
                throw new IllegalStateException("record without " + KithHeaders.RECIPIENT + " header");
            }
            return topicOf.apply(new String(recipient.value(), StandardCharsets.UTF_8));
        };
    }
}
