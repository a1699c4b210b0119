package org.kith.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.bench.Machine;
import org.kith.hub.Hub;
import org.kith.hub.broker.EmbeddedKafkaBroker;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Examples;
import org.kith.schemas.MessageType;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/**
 * The pipeline load harness: on one embedded broker, with the same input (realistic referrals of
 * 1-2 KB in the CloudEvents Kafka binding over 6 partitions), (a) a raw kafka-clients exactly-once
 * identity copy and (b) the hub's enforcement topology (consent and agreement decisions, copies,
 * status notices, ledger entries). Reports throughput, CPU per message (the whole process, broker
 * included, for both) and end-to-end latency at a fixed open-loop rate, and the ratio b/a.
 */
public final class PipelineBench {

    private static final int PARTITIONS = 6;
    private static final int FAMILIES = 2_000;
    private static final int DEFAULT_COMMIT_MS = 100;
    private static final int SHORT_COMMIT_MS = 20;
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Path dir;
    private final short replication;
    private final Map<String, String> hubSettings;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private PipelineBench(String bootstrap, Path dir) {
        this(bootstrap, dir, (short) 1, Map.of());
    }

    /** A harness on {@code bootstrap}, its topics replicated {@code replication} times, every hub it starts with {@code hubSettings} on top of its own. */
    PipelineBench(String bootstrap, Path dir, short replication, Map<String, String> hubSettings) {
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.replication = replication;
        this.hubSettings = Map.copyOf(hubSettings);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path out = Path.of("bench/results/pipeline.json");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[++i]);
            }
        }
        int messages = quick ? 20_000 : 200_000;
        Duration latencyRun = quick ? Duration.ofSeconds(10) : Duration.ofSeconds(60);
        Path dir = Files.createTempDirectory("kith-bench-pipeline");
        Map<String, Object> metrics = new LinkedHashMap<>();
        try (var broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            new PipelineBench(broker.bootstrapServers(), dir).run(messages, latencyRun, metrics);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        report.put("mode", quick ? "quick" : "full");
        report.put("metrics", metrics);
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println("wrote " + out + ": " + metrics);
        System.exit(0);
    }

    private void run(int messages, Duration latencyRun, Map<String, Object> metrics) throws Exception {
        List<ProducerRecord<String, byte[]>> referrals = referrals(messages);
        metrics.put("messages", messages);
        metrics.put("mean_record_bytes", referrals.stream().mapToInt(r -> r.value().length).average().orElse(0));

        // warm-up: the hub's own code (engine, Jackson, schema validation, ledger) is compiled by the JIT
        // on a throw-away hub first, so that (b) measures the hub and not the JIT; the raw loop's code is
        // the Kafka client's, already warm from producing the input
        Topics warm = new Topics("warm.", PARTITIONS, (short) 1);
        try (Hub hub = startHub(warm, DEFAULT_COMMIT_MS)) {
            grantHalfTheFamilies(warm);
            produce(warm.inbound(), referrals.subList(0, messages / 4).stream()
                    .map(r -> new ProducerRecord<String, byte[]>(warm.inbound(), null, r.key(), r.value(), r.headers())).toList());
            awaitConsumed(warm, produced(warm.inbound()));
        }
        metrics.put("hub_warmup_messages", messages / 4);

        // (a) raw exactly-once copy
        createTopics("raw.in", "raw.out");
        produce("raw.in", referrals);
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        try (var copier = new RawCopier("raw.in", "raw.out")) {
            copier.copy(messages);
        }
        double rawSeconds = (System.nanoTime() - start) / 1e9;
        metrics.put("raw_msgs_per_s", Math.round(messages / rawSeconds));
        metrics.put("raw_cpu_us_per_msg", round((os.getProcessCpuTime() - cpu) / 1e3 / messages));

        // (b) the hub's topology, on the same input
        Topics topics = new Topics("hub.", PARTITIONS, (short) 1);
        metrics.put("hub_commit_interval_ms", DEFAULT_COMMIT_MS);
        try (Hub hub = startHub(topics, DEFAULT_COMMIT_MS)) {
            grantHalfTheFamilies(topics);
            produce(topics.inbound(), referrals.stream()
                    .map(r -> new ProducerRecord<String, byte[]>(topics.inbound(), null, r.key(), r.value(), r.headers())).toList());
            cpu = os.getProcessCpuTime();
            start = System.nanoTime();
            awaitConsumed(topics, FAMILIES + messages);
            double hubSeconds = (System.nanoTime() - start) / 1e9;
            metrics.put("hub_msgs_per_s", Math.round(messages / hubSeconds));
            metrics.put("hub_cpu_us_per_msg", round((os.getProcessCpuTime() - cpu) / 1e3 / messages));
            metrics.put("ratio", round((messages / hubSeconds) / (messages / rawSeconds)));

            // latency at a fixed open-loop rate of 1,000 msg/s
            // every referral gets a status notice (forwarded or withheld) in the same transaction as its copy
            LatencyProbe hubProbe = new LatencyProbe(bootstrap, topics.status(AGENCY));
            hubProbe.measure(latencyRun, 1_000, this::referralsAt, topics.inbound());
            metrics.put("hub_p50_ms_at_1k", hubProbe.percentile(50));
            metrics.put("hub_p99_ms_at_1k", hubProbe.percentile(99));
        }
        // what the evaluation measures cost: the same input through hubs without and with them, alternating
        // (off, on, off, on) so that neither gains from running later on a warmer JVM; the second pair counts
        throughput(new Topics("nomeasures1.", PARTITIONS, (short) 1), referrals, false);
        throughput(new Topics("measures1.", PARTITIONS, (short) 1), referrals, true);
        double off = throughput(new Topics("nomeasures2.", PARTITIONS, (short) 1), referrals, false);
        double on = throughput(new Topics("measures2.", PARTITIONS, (short) 1), referrals, true);
        metrics.put("hub_msgs_per_s_measures_off", Math.round(off));
        metrics.put("hub_msgs_per_s_measures_on", Math.round(on));
        metrics.put("measures_on_off_ratio", round(on / off));
        // the same latency with a shorter commit interval: what the setting buys, at what throughput cost
        Topics shortCommit = new Topics("hub" + SHORT_COMMIT_MS + ".", PARTITIONS, (short) 1);
        try (Hub hub = startHub(shortCommit, SHORT_COMMIT_MS)) {
            grantHalfTheFamilies(shortCommit);
            LatencyProbe probe = new LatencyProbe(bootstrap, shortCommit.status(AGENCY));
            probe.measure(latencyRun, 1_000, this::referralsAt, shortCommit.inbound());
            metrics.put("hub_p50_ms_at_1k_commit_" + SHORT_COMMIT_MS + "ms", probe.percentile(50));
            metrics.put("hub_p99_ms_at_1k_commit_" + SHORT_COMMIT_MS + "ms", probe.percentile(99));
            long begin = System.nanoTime();
            produce(shortCommit.inbound(), referrals.stream().map(rec -> new ProducerRecord<String, byte[]>(
                    shortCommit.inbound(), null, rec.key(), rec.value(), rec.headers())).toList());
            awaitConsumed(shortCommit, produced(shortCommit.inbound()));
            metrics.put("hub_msgs_per_s_commit_" + SHORT_COMMIT_MS + "ms",
                    Math.round(messages / ((System.nanoTime() - begin) / 1e9)));
        }
        createTopics("raw.lat.in", "raw.lat.out");
        try (var copier = new RawCopier("raw.lat.in", "raw.lat.out")) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread loop = new Thread(() -> copier.copyWhile(running), "raw-copier");
            loop.start();
            LatencyProbe rawProbe = new LatencyProbe(bootstrap, "raw.lat.out");
            rawProbe.measure(latencyRun, 1_000, this::referralsAt, "raw.lat.in");
            running.set(false);
            loop.join();
            metrics.put("raw_p50_ms_at_1k", rawProbe.percentile(50));
            metrics.put("raw_p99_ms_at_1k", rawProbe.percentile(99));
        }
    }

    /** Messages per second of a hub (100 ms commits) over {@code referrals}, with or without the evaluation measures. */
    private double throughput(Topics topics, List<ProducerRecord<String, byte[]>> referrals, boolean measures)
            throws Exception {
        try (Hub hub = startHub(topics, DEFAULT_COMMIT_MS, measures)) {
            grantHalfTheFamilies(topics);
            produce(topics.inbound(), referrals.stream()
                    .map(r -> new ProducerRecord<String, byte[]>(topics.inbound(), null, r.key(), r.value(), r.headers())).toList());
            long start = System.nanoTime();
            awaitConsumed(topics, FAMILIES + referrals.size());
            return referrals.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Half the families consent (profile and directive): a realistic mix of permits, redactions and denials. */
    void grantHalfTheFamilies(Topics topics) throws Exception {
        for (int f = 0; f < FAMILIES; f += 2) {
            produce(topics.inbound(), List.of(record(DemoMessages.profile(AGENCY, family(f)), f),
                    record(DemoMessages.consent(AGENCY, family(f), "D-" + f, CLINIC), f)));
        }
        awaitConsumed(topics, FAMILIES);
    }

    /** The value of hub setting {@code key} that this harness sets on top of the hub's defaults, or {@code otherwise}. */
    String hubSetting(String key, String otherwise) {
        return hubSettings.getOrDefault(key, otherwise);
    }

    Hub startHub(Topics topics, int commitIntervalMs) throws Exception {
        return startHub(topics, commitIntervalMs, true);
    }

    private Hub startHub(Topics topics, int commitIntervalMs, boolean measures) throws Exception {
        return startHub(topics, commitIntervalMs, measures, "");
    }

    /** A hub on {@code topics}; {@code instance} tells apart several instances of one hub (their data directories). */
    Hub startHub(Topics topics, int commitIntervalMs, boolean measures, String instance) throws Exception {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [{"id": "%s", "kind": "child-welfare"}, {"id": "%s", "kind": "mental-health"}]}
                """.formatted(AGENCY, CLINIC));
        Path partnership = dir.resolve("partnership.json");
        Files.writeString(partnership, DemoMessages.partnership(AGENCY, CLINIC).replace("\"demographics\"",
                "\"demographics\", \"contact\", \"safety\", \"case-plan\", \"behavioral-health\", \"substance-use\", "
                        + "\"court\", \"education\", \"physical-health\""));
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), bootstrap,
                HubOption.TOPIC_PREFIX.key(), topics.prefix(),
                HubOption.TOPIC_PARTITIONS.key(), String.valueOf(topics.partitions()),
                HubOption.TOPIC_REPLICATION.key(), String.valueOf(topics.replication()),
                HubOption.DATA_DIR.key(), dir.resolve("hub-" + topics.prefix() + commitIntervalMs + instance).toString(),
                HubOption.KEYS_PASSPHRASE.key(), "bench-only passphrase",
                HubOption.PARTNERS_FILE.key(), partners.toString(),
                HubOption.CONFIG_FILE.key(), partnership.toString(),
                HubOption.EVALUATION_MEASURES.key(), String.valueOf(measures),
                HubOption.HTTP_PORT.key(), "0"));
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), String.valueOf(commitIntervalMs));
        settings.putAll(hubSettings);
        return Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
    }

    /** How many records {@code topic} holds: its end offsets, summed. */
    long produced(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .collect(java.util.stream.Collectors.toMap(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            p -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream()
                    .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private static long consumed(Admin admin, Topics topics) throws Exception {
        return admin.listConsumerGroupOffsets(topics.applicationId()).partitionsToOffsetAndMetadata()
                .get().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** Waits until the enforcement core's committed offsets on the inbound topic reach {@code total}. */
    void awaitConsumed(Topics topics, long total) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (consumed(admin, topics) >= total) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the hub did not consume " + total + " records in time");
        }
    }

    /** Realistic referrals: the rich example, one per message, spread over the families. */
    List<ProducerRecord<String, byte[]>> referrals(int count) {
        return referrals(count, "evt-");
    }

    /** Referrals with event ids {@code idPrefix + i}: a hub decides an id once, and answers it again as a duplicate. */
    List<ProducerRecord<String, byte[]>> referrals(int count, String idPrefix) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        String example = new String(Examples.firstValid(MessageType.REFERRAL).bytes(), StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            int f = i % FAMILIES;
            ObjectNode event = (ObjectNode) parse(example);
            event.put("familyid", family(f)).put("source", AGENCY).put("recipients", CLINIC).put("id", idPrefix + i);
            records.add(record(event.toString(), f));
        }
        return records;
    }

    List<ProducerRecord<String, byte[]>> referralsAt(String topic, int from, int count) {
        // ids of their own: the same ids as the throughput input would be decided as duplicates (replayed)
        return referrals(count, "lat-" + System.nanoTime() + "-").stream()
                .map(r -> new ProducerRecord<String, byte[]>(topic, null, r.key(), r.value(), r.headers())).toList();
    }

    private static ProducerRecord<String, byte[]> record(String cloudEvent, int family) {
        var result = new SubmissionValidator().validate(cloudEvent.getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new IllegalStateException("bench input invalid: " + result);
        }
        Envelope envelope = Envelope.accepted(UUID.randomUUID().toString(), OffsetDateTime.now(ZoneOffset.UTC),
                valid.submission());
        var record = new ProducerRecord<String, byte[]>("unset", family(family), CloudEventCodec.dataBytes(envelope));
        CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static String family(int f) {
        return "F-" + f;
    }

    void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, PARTITIONS, replication)).toList()).all().get();
            // a producer that starts before every partition has its leader can lose its sequence and stall a run
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.describeTopics(List.of(names)).allTopicNames().get().values().stream()
                    .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without leaders after 30 s: " + Arrays.toString(names));
                }
                Thread.onSpinWait();
            }
        }
    }

    void produce(String topic, List<ProducerRecord<String, byte[]>> records) throws Exception {
        // not idempotent, one request in flight: on a topic created a moment ago the broker may answer
        // NOT_LEADER_OR_FOLLOWER to one batch of several, and the idempotent producer's sequence reset then
        // fails every later batch with OUT_OF_ORDER_SEQUENCE_NUMBER; a plain retry of that batch is enough here
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>(records.size());
            for (var r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), r.key(), r.value(), r.headers())));
            }
            producer.flush();
            for (var future : sent) {
                future.get(); // a lost record would leave the run waiting for it forever: fail instead
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A kafka-clients consume-transform-produce loop with exactly-once: the baseline. */
    final class RawCopier implements AutoCloseable {
        private final String in;
        private final String out;
        private final KafkaConsumer<String, byte[]> consumer;
        private final KafkaProducer<String, byte[]> producer;

        RawCopier(String in, String out) {
            this.in = in;
            this.out = out;
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "raw-" + in, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new ByteArrayDeserializer());
            Map<String, Object> settings = new LinkedHashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "raw-" + in, ProducerConfig.LINGER_MS_CONFIG, 5));
            // the same client settings as the hub's where a run asks for them (-Dkith.bench.raw.producer.<key>=<value>)
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("kith.bench.raw.producer."))
                    .forEach(k -> settings.put(k.substring("kith.bench.raw.producer.".length()), System.getProperty(k)));
            producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
            producer.initTransactions();
            consumer.subscribe(List.of(in));
        }

        void copy(long count) {
            long copied = 0;
            while (copied < count) {
                copied += cycle();
            }
        }

        void copyWhile(AtomicBoolean running) {
            while (running.get()) {
                cycle();
            }
        }

        private int cycle() {
            var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                return 0;
            }
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                producer.send(new ProducerRecord<>(out, null, r.timestamp(), r.key(), r.value(), r.headers()));
                offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            return records.count();
        }

        @Override
        public void close() {
            consumer.close();
            producer.close();
        }
    }
}
