package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.Hub;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/**
 * What the pipeline tests share: one partners file, the settings of every hub instance (in this JVM
 * or as a child JVM), a producer that writes to {@code kith.inbound} exactly what the REST ingress
 * writes (the CloudEvents Kafka binding, keyed by family id), and read_committed readers of the
 * hub's output topics. One fixture per test; its topics carry a unique prefix on the shared
 * embedded broker ({@link KafkaBrokers}).
 *
 * <p>The readers stream whole topics rather than use {@code TopicReader}, which holds every record
 * and gives up after 30 seconds: the crash test reads ledgers of a million entries.
 *
 * <p>Two places say what the partnership is and what a family allowed, and grow with the consent
 * engine: {@link #partnersJson()} with {@link #partnershipJson()} (who the partners are, and their
 * data-sharing agreements, published by every instance at start), and
 * {@link #grantPermission(String, String)} (what makes one family's referrals to a recipient
 * permitted). The tests never publish consent or agreements themselves.
 */
final class PipelineFixture implements AutoCloseable {

    static final String AGENCY = "county-cw";
    static final String AGENCY_TOKEN = "pipeline-agency-token-for-tests-only";
    static final String CLINIC = "riverside-clinic";
    static final String COURT = "family-court";
    static final String SCHOOL = "lincoln-elementary";
    /** Partitions of kith.inbound and the outbound topics; the hub's default. */
    static final int PARTITIONS = 6;
    static final Duration DEADLINE = Duration.ofSeconds(120);

    private final String bootstrap;
    private final Topics topics;
    private final Path partnersFile;
    private final Path partnershipFile;
    private final Set<String> profiled = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> grants = new ConcurrentHashMap<>();
    private final SubmissionValidator validator = new SubmissionValidator();
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final List<Exception> failedSends = Collections.synchronizedList(new ArrayList<>());
    /** Settings every instance started from here on has beside {@link #settings}'s own. */
    private final Map<String, String> extraSettings = new LinkedHashMap<>();

    private PipelineFixture(String bootstrap, String prefix, Path dir) {
        this.bootstrap = bootstrap;
        this.topics = new Topics(prefix, PARTITIONS, (short) 1);
        this.partnersFile = dir.resolve("partners.json");
        this.partnershipFile = dir.resolve("partnership.json");
        try {
            Files.writeString(partnersFile, partnersJson());
            Files.writeString(partnershipFile, partnershipJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                // Idempotent with at most 5 requests in flight: one family's records keep their order.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
        this.admin = KafkaProbe.admin(bootstrap);
    }

    /** A fixture on the shared embedded broker, with topics of its own, keeping its files in {@code dir}. */
    static PipelineFixture create(String testName, Path dir) {
        return new PipelineFixture(KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                KafkaBrokers.uniquePrefix(testName), dir);
    }

    /** A fixture on the cluster at {@code bootstrap} (e.g. a {@code KafkaCluster}), with topics of its own. */
    static PipelineFixture on(String bootstrap, String testName, Path dir) {
        return new PipelineFixture(bootstrap, KafkaBrokers.uniquePrefix(testName), dir);
    }

    /**
     * The partner registry every instance reads. Most of these tests publish to Kafka, where the
     * ingress's checks do not apply, so the agency's token and the agency's and court's signing keys
     * are only registered as a deployment would have them; the tests that go through the edges use
     * them (the agency over REST and by Kafka, the court through the file drop).
     */
    private static String partnersJson() {
        return partnersJson("", "");
    }

    private static String partnersJson(String agencyWebhook, String clinicWebhook) {
        return """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "name": "County Child Welfare Agency", "tokenSha256": "%s",
                   "publicKeys": %s%s},
                  {"id": "%s", "kind": "mental-health", "name": "Riverside Counseling Clinic"%s},
                  {"id": "%s", "kind": "court", "name": "County Family Court", "publicKeys": %s},
                  {"id": "%s", "kind": "school", "name": "Lincoln Elementary School"}
                ]}
                """.formatted(AGENCY, PartnerRegistry.sha256(AGENCY_TOKEN),
                AgencyAndClinic.publicKeys(AgencyAndClinic.AGENCY_KEY), agencyWebhook, CLINIC, clinicWebhook, COURT,
                AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(COURT)), SCHOOL);
    }

    /** From here on, every instance calls the agency and the clinic at these webhooks. */
    PipelineFixture webhooks(String agency, String clinic) {
        write(partnersFile, partnersJson(", \"webhook\": \"" + agency + "\"", ", \"webhook\": \"" + clinic + "\""));
        return this;
    }

    /** From here on, every instance publishes this partnership configuration instead of {@link #partnershipJson()}. */
    PipelineFixture partnership(String json) {
        write(partnershipFile, json);
        return this;
    }

    /** From here on, every instance also has this setting. */
    PipelineFixture with(HubOption option, String value) {
        extraSettings.put(option.key(), value);
        return this;
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The data-sharing agreements every instance publishes to the config topic at start: the agency
     * with the clinic and with the court, for referrals (no live agreement, no disclosure).
     */
    private static String partnershipJson() {
        return DemoMessages.partnership(AGENCY, CLINIC, COURT);
    }

    Topics topics() {
        return topics;
    }

    /** The broker the hubs of this fixture use. */
    String bootstrap() {
        return bootstrap;
    }

    // ---- hub instances -------------------------------------------------------------------------

    /**
     * The settings of one instance: the shared broker, topics, partners and agreements; its own data
     * directory and a free HTTP port.
     */
    Map<String, String> settings(Path dataDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(HubOption.BOOTSTRAP_SERVERS.key(), bootstrap);
        settings.put(HubOption.TOPIC_PREFIX.key(), topics.prefix());
        settings.put(HubOption.TOPIC_PARTITIONS.key(), Integer.toString(PARTITIONS));
        settings.put(HubOption.DATA_DIR.key(), dataDir.toString());
        settings.put(HubOption.HTTP_PORT.key(), "0");
        settings.put(HubOption.PARTNERS_FILE.key(), partnersFile.toString());
        settings.put(HubOption.CONFIG_FILE.key(), partnershipFile.toString());
        settings.put(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE);
        settings.putAll(extraSettings);
        return settings;
    }

    HubConfig hubConfig(Path dataDir) {
        return HubConfig.from(settings(dataDir), Map.of(), Map.of());
    }

    /** Starts an instance in this JVM; returns once its enforcement core runs. */
    Hub startHub(Path dataDir, Clock clock) {
        return Hub.start(hubConfig(dataDir), clock);
    }

    /**
     * The command line of an instance in a child JVM ({@code kith run}) on this JVM's class path.
     * The hub's own logging configuration is named explicitly, since the test one (WARN only) would
     * otherwise win on the test class path and hide the "Kith hub ready" line.
     */
    List<String> childCommand(Path dataDir, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlog4j2.configurationFile=log4j2.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KithCommand.class.getName());
        command.add("run");
        settings(dataDir).forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        return command;
    }

    /**
     * A clock whose instants carry {@code marker} as their microseconds within the millisecond, so
     * that a ledger entry's {@code at} tells which instance decided it. Nothing in the hub looks at
     * microseconds.
     */
    static Clock stampedClock(int marker) {
        if (marker < 1 || marker > 999) {
            throw new IllegalArgumentException("marker must be 1..999");
        }
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(System.currentTimeMillis()).plusNanos(marker * 1_000L);
            }
        };
    }

    /** The marker of {@link #stampedClock(int)} an instant carries. */
    static int markerOf(String instant) {
        return (Instant.parse(instant).getNano() % 1_000_000) / 1_000;
    }

    // ---- publishing ----------------------------------------------------------------------------

    /**
     * Makes {@code familyId}'s referrals from the agency to {@code recipient} permitted, from here
     * on in the family's stream: the family's profile the first time (without it no directive
     * binds), then a consent directive naming the recipient (the agreement between the agency and
     * the recipient is in {@link #partnershipJson()}). Each grant is a new directive: a revoked one
     * stays revoked.
     *
     * @return the published directive
     */
    Envelope grantPermission(String familyId, String recipient) {
        if (profiled.add(familyId)) {
            publish(DemoMessages.profile(AGENCY, familyId));
        }
        int grant = grants.merge(familyId + " " + recipient, 1, Integer::sum);
        return publish(DemoMessages.consent(AGENCY, familyId, directiveId(familyId, recipient, grant), recipient));
    }

    /** Withdraws the last directive {@link #grantPermission(String, String)} gave; returns the published revocation. */
    Envelope revokePermission(String familyId, String recipient) {
        int grant = grants.getOrDefault(familyId + " " + recipient, 0);
        return publish(DemoMessages.revocation(AGENCY, familyId, directiveId(familyId, recipient, grant)));
    }

    private static String directiveId(String familyId, String recipient, int grant) {
        return "D-" + familyId + "-" + recipient + "-" + grant;
    }

    /** Publishes a referral from the agency to every one of {@code recipients}; returns it as the hub will see it. */
    Envelope referral(String familyId, String referralId, String... recipients) {
        return publish(DemoMessages.referral(AGENCY, familyId, referralId, String.join(",", recipients)));
    }

    /**
     * Publishes a structured CloudEvent the way the REST ingress does: validated, given a fresh
     * message id and acceptance time, written in the Kafka binding with the family id as key.
     * Asynchronous; {@link #flush()} waits for every publication so far.
     */
    Envelope publish(String structuredCloudEvent) {
        ValidationResult result = validator.validate(structuredCloudEvent.getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new IllegalArgumentException("test message does not validate: " + result);
        }
        Envelope envelope = Envelope.accepted(UUID.randomUUID().toString(),
                OffsetDateTime.now(ZoneOffset.UTC), valid.submission());
        return publishAgain(envelope);
    }

    /** Publishes {@code envelope} as it is, message id included: a second copy of a message published before. */
    Envelope publishAgain(Envelope envelope) {
        var headers = new RecordHeaders();
        CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(topics.inbound(), null, envelope.familyid(),
                CloudEventCodec.dataBytes(envelope), headers), (metadata, error) -> {
                    if (error != null) {
                        failedSends.add(error);
                    }
                });
        return envelope;
    }

    /** Waits until everything published so far is acknowledged by the broker. */
    void flush() {
        producer.flush();
        if (!failedSends.isEmpty()) {
            throw new IllegalStateException("publishing failed", failedSends.get(0));
        }
    }

    // ---- observing -----------------------------------------------------------------------------

    /** Sum of the end offsets of a topic's partitions, uncommitted and aborted records included: a progress gauge. */
    long endOffsetSum(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Whether the enforcement core has consumed and committed all of {@code kith.inbound}: the
     * committed offsets of its group equal the end offsets. Under exactly-once the offsets are
     * committed in the transaction that holds the outputs, so all outputs are then committed too,
     * though not necessarily readable yet ({@link #awaitCaughtUp} waits for that as well).
     */
    boolean caughtUp() {
        Map<TopicPartition, Long> end = endOffsets(topics.inbound());
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(topics.applicationId())
                .partitionsToOffsetAndMetadata());
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
    }

    /**
     * Waits, up to {@code deadline}, until {@link #caughtUp()} and until a read_committed reader sees
     * everything the core wrote by then. The group coordinator makes a transaction's offsets visible
     * as soon as it commits, while the commit markers on the output partitions are written after it:
     * an inbound topic caught up does not yet mean its decisions can be read.
     */
    void awaitCaughtUp(Duration deadline) {
        flush();
        await("enforcement core caught up with " + topics.inbound()).atMost(deadline)
                .pollInterval(Duration.ofMillis(200)).until(this::caughtUp);
        List<String> outputs = get(admin.listTopics().names()).stream()
                .filter(name -> name.startsWith(topics.prefix()) && !name.startsWith(topics.inbound())).toList();
        Map<TopicPartition, Long> written = endOffsets(outputs, IsolationLevel.READ_UNCOMMITTED);
        await("what the core wrote readable on " + outputs.size() + " topics").atMost(deadline)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Map<TopicPartition, Long> stable = endOffsets(outputs, IsolationLevel.READ_COMMITTED);
                    return written.entrySet().stream().allMatch(e -> stable.get(e.getKey()) >= e.getValue());
                });
    }

    /** Removes every member of the enforcement core's group, as an operator does for a member whose process is gone. */
    void evictGroupMembers() {
        String group = topics.applicationId();
        if (!get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)).members().isEmpty()) {
            get(admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all());
        }
    }

    /**
     * Removes the members of the enforcement core's group that the instance with this id (its
     * {@code instance.id} file: the prefix of its threads' static member ids) held, as an operator
     * does once that instance's process is gone; the other instances' members stay.
     */
    void evictMembersOf(String instanceId) {
        String group = topics.applicationId();
        var members = get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)).members().stream()
                .filter(member -> member.groupInstanceId().filter(id -> id.startsWith(instanceId)).isPresent())
                .map(member -> new org.apache.kafka.clients.admin.MemberToRemove(member.groupInstanceId().get()))
                .toList();
        if (!members.isEmpty()) {
            try {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(members)).all()
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // a member that left (its session expired) between the describe and the removal is what eviction wants
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownMemberIdException)) {
                    throw new IllegalStateException(e);
                }
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Removes every member of every consumer group of this fixture's hubs (the core's, the Kafka
     * ingress's, each webhook route's), as an operator does once the process that held them is gone:
     * a restarted instance then takes their partitions at once instead of after the session timeout.
     */
    void evictAllGroupMembers() {
        for (var group : get(admin.listConsumerGroups().all())) {
            if (group.groupId().startsWith(topics.prefix())) {
                String id = group.groupId();
                if (!get(admin.describeConsumerGroups(List.of(id)).describedGroups().get(id)).members().isEmpty()) {
                    get(admin.removeMembersFromConsumerGroup(id, new RemoveMembersFromConsumerGroupOptions()).all());
                }
            }
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        return endOffsets(List.of(topic), IsolationLevel.READ_UNCOMMITTED);
    }

    /** The end of every partition of {@code topics}: the log end, or for read_committed the last stable offset. */
    private Map<TopicPartition, Long> endOffsets(List<String> topics, IsolationLevel isolation) {
        List<TopicPartition> partitions = get(admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
        return get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
                        new ListOffsetsOptions(isolation)).all())
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Calls {@code action} for every committed record of {@code topic}, from the beginning to the
     * end it has now (read_committed: records of aborted transactions are never seen). Streams the
     * records instead of holding them, for topics of a million records.
     */
    void forEachCommitted(String topic, Consumer<ConsumerRecord<String, byte[]>> action) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For a read_committed consumer the end is the last stable offset.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, DEADLINE) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + DEADLINE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }

    /** How many times each message id ({@code ce_id}) is on a topic, read_committed. */
    Map<String, Integer> countByMessageId(String topic) {
        return countByMessageId(topic, type -> true);
    }

    /** As {@link #countByMessageId(String)}, counting only the records whose {@code ce_type} passes. */
    Map<String, Integer> countByMessageId(String topic, java.util.function.Predicate<String> type) {
        Map<String, Integer> counts = new HashMap<>();
        forEachCommitted(topic, record -> {
            if (type.test(header(record, "ce_type"))) {
                counts.merge(header(record, "ce_id"), 1, Integer::sum);
            }
        });
        return counts;
    }

    /** The ledger record kind of a decision. */
    static final String DECISION = "decision";
    /** The ledger record kind of a document recorded in a family's consent file (profile, directive, revocation...). */
    static final String CONSENT = "consent-recorded";

    /**
     * Calls {@code action} with every committed ledger record of one kind, without holding them: its
     * body, with the record's {@code at} (the deciding instance's stamp) added.
     */
    void forEachLedgerEntry(String kind, Consumer<JsonNode> action) {
        forEachCommitted(topics.ledger(), record -> {
            JsonNode entry = json(record.value());
            if (kind.equals(entry.path("kind").asText())) {
                action.accept(((com.fasterxml.jackson.databind.node.ObjectNode) entry.get("body").deepCopy())
                        .put("at", entry.get("at").asText()));
            }
        });
    }

    /** Every committed ledger record of one kind, as {@link #forEachLedgerEntry} gives them. */
    List<JsonNode> ledger(String kind) {
        List<JsonNode> entries = new ArrayList<>();
        forEachLedgerEntry(kind, entries::add);
        return entries;
    }

    /** Every committed decision in the ledger. */
    List<JsonNode> decisions() {
        return ledger(DECISION);
    }

    /** Every committed status notice to the agency. */
    List<JsonNode> statusNotices() {
        List<JsonNode> notices = new ArrayList<>();
        forEachCommitted(topics.status(AGENCY), record -> notices.add(json(record.value())));
        return notices;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
