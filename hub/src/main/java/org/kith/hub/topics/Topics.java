package org.kith.hub.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic name the hub uses, and how each is laid out. A prefix keeps several hubs (or tests)
 * apart on one cluster.
 *
 * @param minInSync the {@code min.insync.replicas} of every topic: on a replicated cluster a write
 *                  acknowledged by all in-sync replicas is then on at least this many
 */
public record Topics(String prefix, int partitions, short replication, int minInSync) {

    public Topics {
        if (minInSync < 1 || minInSync > replication) {
            throw new IllegalArgumentException("min.insync.replicas must be 1.." + replication + ", not " + minInSync);
        }
    }

    /** Topics whose {@code min.insync.replicas} is 2, or 1 with one replica. */
    public Topics(String prefix, int partitions, short replication) {
        this(prefix, partitions, replication, Math.min(2, replication));
    }

    /** Kafka Streams application id of the enforcement core; also names its internal topics. */
    public String applicationId() {
        return prefix + "kith-enforce";
    }

    /** Everything partners submit, keyed by family id so one family's events stay in order. */
    public String inbound() {
        return prefix + "kith.inbound";
    }

    /**
     * What one partner that connects by Kafka submits: only its own principal may write it, so the
     * topic, never the record, names the sender. The hub checks each record as the REST ingress checks a
     * request and copies what it accepts to {@link #inbound()}, which stays the hub's own.
     */
    public String inbound(String partnerId) {
        return inbound() + "." + partnerId;
    }

    /** A regular expression matching every partner's {@link #inbound(String)} topic and no other. */
    public String partnerInboundPattern() {
        // '.' as [.]: no backslash, which a Camel endpoint URI would not carry; a prefix holds no other metacharacter
        return (inbound() + ".").replace(".", "[.]") + "[a-z0-9][a-z0-9-]*";
    }

    /** The partner whose {@link #inbound(String)} topic this is, if it is one. */
    public java.util.Optional<String> partnerOfInbound(String topic) {
        return topic != null && topic.matches(partnerInboundPattern())
                ? java.util.Optional.of(topic.substring(inbound().length() + 1)) : java.util.Optional.empty();
    }

    /**
     * Every event id the ingresses accepted, keyed {@code <sender>|<event id>}, with the message id and a
     * digest of the content: read by every instance at start and followed, so a message sent again is
     * recognised by any instance and after a restart. Kept by time, a little over twice the replay window.
     */
    public String ingressIds() {
        return prefix + "kith.ingress.ids";
    }

    /**
     * The layout of {@link #ingressIds()}: one partition, records kept {@code retention}, segments rolled
     * every {@code segment} so that old ones are deleted.
     */
    public NewTopic ingressIdsTopic(java.time.Duration retention, java.time.Duration segment) {
        return topic(ingressIds(), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segment.toMillis())));
    }

    /** What one partner may receive, already redacted and released. */
    public String outbound(String partnerId) {
        return prefix + "kith.outbound." + partnerId;
    }

    /** What became of one sender's messages: forwarded or withheld, and why; never the data. */
    public String status(String partnerId) {
        return prefix + "kith.status." + partnerId;
    }

    /** One record per decision, denials included. */
    public String ledger() {
        return prefix + "kith.ledger";
    }

    /** Records that could not be processed, with the reason and where they came from. */
    public String deadLetter() {
        return prefix + "kith.deadletter";
    }

    /**
     * Copies one partner's webhook refused for good (a 4xx other than 408 and 429), set aside so its
     * later copies flow; hub-internal, never replayed into the inbound topic.
     */
    public String webhookDeadLetter(String partnerId) {
        return prefix + "kith.deadletter." + partnerId;
    }

    /** Partners, agreements and routing rules (compacted, keyed by entity id). */
    public String config() {
        return prefix + "kith.config";
    }

    /**
     * Running totals of the evaluation measures (per cohort, per withheld cell), one key per measure, task and cell;
     * compacted; no person and no family in any key or value.
     */
    public String measures() {
        return prefix + "kith.measures";
    }

    /** The name of the per-family consent store. */
    public static final String CONSENT_STORE = "consent";

    /** Changelog of the per-family consent store (compacted); named the way Kafka Streams names it. */
    public String consentChangelog() {
        return applicationId() + "-" + CONSENT_STORE + "-changelog";
    }

    /** The layout of every topic for these partners, created at start-up if missing. */
    public List<NewTopic> layout(Collection<String> partnerIds) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> retained = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(inbound(), partitions, Map.of()));
        topics.add(topic(ledger(), partitions, retained));
        topics.add(topic(deadLetter(), 1, retained));
        topics.add(topic(config(), 1, compacted));
        topics.add(topic(measures(), 1, compacted));
        topics.add(topic(consentChangelog(), partitions, compacted));
        for (String partner : partnerIds) {
            topics.add(topic(inbound(partner), partitions, Map.of()));
            topics.add(topic(outbound(partner), partitions, Map.of()));
            topics.add(topic(status(partner), 1, Map.of()));
            topics.add(topic(webhookDeadLetter(partner), 1, retained));
        }
        return topics;
    }

    private NewTopic topic(String name, int partitionCount, Map<String, String> configs) {
        Map<String, String> all = new java.util.HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync));
        return new NewTopic(name, partitionCount, replication).configs(all);
    }
}
