package org.kith.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.kith.hub.broker.AuthorizationDenials;
import org.kith.hub.broker.EmbeddedKafkaBroker;
import org.kith.hub.broker.PartnerKafkaAccess;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Secret;
import org.kith.hub.crypto.HubKeys;
import org.kith.hub.crypto.PartnerCertificates;
import org.kith.hub.crypto.HubTls;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.hub.edge.Edges;
import org.kith.hub.edge.Endpoints;
import org.kith.hub.ingress.IdTopic;
import org.kith.hub.enforce.AccountingStoreQuery;
import org.kith.hub.enforce.ConfigStoreQuery;
import org.kith.hub.enforce.DryRun;
import org.kith.hub.enforce.FamilyStoreQuery;
import org.kith.hub.enforce.HistoryStoreQuery;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.ledger.LedgerCommands;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.admin.CoreViews;
import org.kith.hub.admin.PartnerAccessOperations;
import org.kith.hub.admin.EmergencyDeclarations;
import org.kith.hub.enforce.EnforcementTopology;
import org.kith.hub.enforce.ReferralStoreQuery;
import org.kith.hub.enforce.MeasuresQuery;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.metrics.UndecidedAgeMonitor;
import org.kith.hub.ledger.HashChain;
import org.kith.hub.rules.ConfigCodec;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.rules.LivePartners;
import org.kith.hub.topics.TopicReader;
import org.kith.hub.topics.TopicProvisioner;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: the embedded broker when no cluster is configured, the topics, the enforcement
 * core (Kafka Streams, exactly-once) and the Camel edges. Starts in that order, stops in reverse.
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final Duration STREAMS_READY_TIMEOUT = Duration.ofSeconds(180);
    /** The system property a test sets to run the core without exactly-once ({@link #processingGuarantee}). */
    public static final String GUARANTEE_FOR_TESTS = "kith.test.processing.guarantee";

    private final Optional<EmbeddedKafkaBroker> broker;
    private final String bootstrapServers;
    private final Topics topics;
    private final PartnerRegistry partners;
    private final KafkaStreams streams;
    private final Edges edges;
    private final HubMetrics metrics;
    private final PartnerKafkaAccess kafkaAccess;
    private final CompletableFuture<EmbeddedKafkaBroker.Fault> fatal;
    private final UndecidedAgeMonitor undecided;

    private Hub(Optional<EmbeddedKafkaBroker> broker, String bootstrapServers, Topics topics, PartnerRegistry partners,
                KafkaStreams streams, Edges edges, HubMetrics metrics, PartnerKafkaAccess kafkaAccess,
                CompletableFuture<EmbeddedKafkaBroker.Fault> fatal, UndecidedAgeMonitor undecided) {
        this.fatal = fatal;
        this.undecided = undecided;
        this.kafkaAccess = kafkaAccess;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.partners = partners;
        this.streams = streams;
        this.edges = edges;
        this.metrics = metrics;
    }

    public static Hub start(HubConfig requested, Clock clock) {
        long started = System.nanoTime();
        // the HTTP port is fixed before the core starts: the core advertises it to the other instances
        HubConfig config = requested.httpPort() == 0 ? requested.withPorts(requested.kafkaPort(), freePort()) : requested;
        PartnerRegistry partners = PartnerRegistry.load(config.partnersFile());
        var ledger = new EnforcementTopology.LedgerSettings(
                HubKeys.open(config.dataDir(), config.keysPassphrase().map(Secret::chars), clock),
                new HashChain.Policy(config.checkpointRecords(), java.time.Duration.ofMillis(config.checkpointMs())));
        HubTls tls = HubKeys.tls(config.dataDir(), config.httpTls(), config.httpTlsNames(),
                config.keysPassphrase().map(Secret::chars), clock);
        List<AutoCloseable> startedParts = new ArrayList<>();
        try {
            Optional<EmbeddedKafkaBroker> broker = config.bootstrapServers().isPresent()
                    ? Optional.empty()
                    : Optional.of(EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), config.kafkaPort(),
                            partnerListener(config, tls)));
            broker.ifPresent(startedParts::add);
            // a fatal fault of the embedded broker stops this hub in order, with its reason in the health
            var fatal = new CompletableFuture<EmbeddedKafkaBroker.Fault>();
            broker.ifPresent(embedded -> embedded.stopOnFault(fatal::complete));
            String bootstrap = config.bootstrapServers().orElseGet(() -> broker.get().bootstrapServers());
            LOG.info("Using Kafka at {} ({})", bootstrap, broker.isPresent() ? "embedded" : "configured cluster");

            Topics topics = new Topics(config.topicPrefix(), config.topicPartitions(), config.topicReplication(),
                    config.topicMinInSync());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicProvisioner.ensure(admin, topics.layout(partners.all().stream().map(Partner::id).toList()));
            }
            // Before the core starts: its global store reads the config topic to the end first.
            if (config.configFile().isPresent()) {
                Set<String> registered = registeredPartners(bootstrap, topics, partners);
                LOG.info("Published {} config entries from {}", ConfigPublisher.apply(config.configFile().get(),
                        bootstrap, topics, registered::contains, "hub:" + HubOption.CONFIG_FILE.key()),
                        config.configFile().get());
            }

            var validator = new SubmissionValidator();
            var metrics = new HubMetrics();
            var referrals = new EnforcementTopology.ReferralSettings(config.referralSla(),
                    Duration.ofMillis(config.referralCheckMs()), config.evaluation().measures());
            var configView = new ConfigView();
            KafkaStreams streams = new KafkaStreams(
                    EnforcementTopology.build(topics, partners, validator, ledger, referrals, metrics, clock, configView,
                            IdTopic.retention(Duration.ofMillis(config.replayWindowMs())),
                            config.adminJwt().map(EmergencyDeclarations::load), config.familyLimits()),
                    streamsProperties(config, topics, bootstrap));
            metrics.bind(streams);
            startedParts.add(streams::close);
            startStreams(streams);
            Duration maxUndecidedAge = Duration.ofMillis(config.maxUndecidedAgeMs());
            var undecided = new UndecidedAgeMonitor(bootstrap, topics.applicationId(), topics.inbound(), maxUndecidedAge,
                    metrics, clock).start(UndecidedAgeMonitor.every(maxUndecidedAge));
            startedParts.add(undecided);

            var configStore = new ConfigStoreQuery(streams);
            var families = new FamilyStoreQuery(streams, topics.partitions(), config.familyLimits());
            var live = new LivePartners(partners, () -> configView.current(configStore.store()));
            Optional<String> partnerBootstrap = broker.flatMap(EmbeddedKafkaBroker::partnerBootstrapServers);
            // the broker's authorizer tells of every operation it denies a partner's Kafka user
            partnerBootstrap.ifPresent(address -> AuthorizationDenials.at(address).listen(denial ->
                    metrics.kafkaAuthorizationDenied(denial.principal(), denial.operation(), denial.resourceType())));
            var kafkaAccess = new PartnerKafkaAccess(bootstrap, partnerBootstrap.orElse(bootstrap), topics);
            Optional<PartnerAccessOperations.KafkaGrants> kafkaGrants = partnerBootstrap.map(address -> kafkaGrants(kafkaAccess,
                    tls, topics));
            Edges edges = Edges.start(config, new Endpoints(topics, bootstrap), live, configView, validator,
                    new DeadLetterReplay(bootstrap, topics),
                    new CoreViews(new AccountingStoreQuery(streams, topics.partitions()),
                            new ReferralStoreQuery(streams, topics.partitions()), new MeasuresQuery(streams), metrics,
                            configStore, new HistoryStoreQuery(streams, topics.partitions()),
                            new DryRun(families, configStore, partners, clock), families,
                            () -> streams.state().name(), () -> brokerState(broker), undecided,
                            () -> new LedgerVerifier(ledger.keys()).verifyAll(LedgerCommands.readTopic(bootstrap,
                                    topics.ledger()))),
                    ledger.keys(), new AdminRoutes.PartnerIssuers(Optional.of(PartnerCertificates.open(config.dataDir(),
                            config.keysPassphrase().orElseThrow().chars(), clock)), kafkaGrants), tls,
                    new Instances(streams), clock);
            var hub = new Hub(broker, bootstrap, topics, partners, streams, edges, metrics, kafkaAccess, fatal, undecided);
            long startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            io.micrometer.core.instrument.Gauge.builder("kith.startup.seconds", () -> startMillis / 1000.0)
                    .description("How long this hub took from its start to serving (broker, core, HTTP API)")
                    .register(metrics.registry());
            LOG.info("Kith hub ready in {} ms: ingress on port {}, {} partners", startMillis, edges.httpPort(),
                    partners.all().size());
            return hub;
        } catch (Exception e) {
            for (int i = startedParts.size() - 1; i >= 0; i--) {
                try {
                    startedParts.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("hub did not start", e);
        }
    }

    /** The embedded broker's partner listener, if {@code kith.kafka.partner.port} is set; else null. */
    /** The partner listener, over TLS with the hub's own certificate when the hub has one (kith.http.tls). */
    private static EmbeddedKafkaBroker.PartnerListener partnerListener(HubConfig config, HubTls tls) {
        return config.kafkaPartnerPort().isPresent()
                ? new EmbeddedKafkaBroker.PartnerListener(config.kafkaPartnerHost(), config.kafkaPartnerPort().getAsInt(),
                        tls.pemIdentity().map(pem -> new EmbeddedKafkaBroker.PemIdentity(pem.certificateChain(),
                                pem.privateKey())))
                : null;
    }

    /**
     * The partners of the file and those the administration API registered (read from the config
     * topic), for checking a configuration file published at start, before the core runs.
     */
    private static Set<String> registeredPartners(String bootstrap, Topics topics, PartnerRegistry file)
            throws java.io.IOException {
        Set<String> ids = new HashSet<>();
        file.all().forEach(partner -> ids.add(partner.id()));
        for (var record : TopicReader.readAll(bootstrap, topics.config())) {
            if (record.key() != null && record.key().startsWith(ConfigCodec.PARTNER)) {
                String id = record.key().substring(ConfigCodec.PARTNER.length());
                if (record.value() == null || Json.mapper().readTree(record.value()).path("removed").asBoolean()) {
                    ids.remove(id);
                } else {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static Properties streamsProperties(HubConfig config, Topics topics, String bootstrap) {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplication());
        props.put(StreamsConfig.topicPrefix(org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(config.topicMinInSync()));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.httpAdvertised().orElseGet(() ->
                ("0.0.0.0".equals(config.httpHost()) ? localHostName() : config.httpHost()) + ":" + config.httpPort()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toAbsolutePath().toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put("processing.exception.handler.global.enabled", true);
        // Static membership: an instance restarted on its data directory (after a crash, say) takes
        // its partitions back at once instead of waiting for the dead member's session to expire.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                instanceId(config.dataDir().resolve("streams")));
        // The broker refuses the first writes of a transaction (CONCURRENT_TRANSACTIONS) while it still
        // writes the markers of the one before; Kafka's 100 ms retry backoff then lands on every commit.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), config.coreRetryBackoffMs());
        return props;
    }

    /**
     * Always {@code exactly_once_v2}, the core's contract. The one exception is a test's: the system
     * property {@value #GUARANTEE_FOR_TESTS}{@code =at_least_once} shows what exactly-once prevents
     * (the broker-failure test run without it); it is not a setting and is logged loudly.
     */
    private static String processingGuarantee() {
        String forTests = System.getProperty(GUARANTEE_FOR_TESTS);
        if (StreamsConfig.AT_LEAST_ONCE.equals(forTests)) {
            LOG.error("The enforcement core runs at_least_once ({}): copies may be delivered twice; for tests only",
                    GUARANTEE_FOR_TESTS);
            return StreamsConfig.AT_LEAST_ONCE;
        }
        return StreamsConfig.EXACTLY_ONCE_V2;
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port for the HTTP API", e);
        }
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("set kith.http.advertised: this host's name is unknown", e);
        }
    }

    /** This instance's stable id, kept in its data directory; a new directory is a new instance. */
    private static String instanceId(java.nio.file.Path streamsDir) {
        java.nio.file.Path file = streamsDir.resolve("instance.id");
        try {
            if (java.nio.file.Files.exists(file)) {
                return java.nio.file.Files.readString(file).trim();
            }
            java.nio.file.Files.createDirectories(streamsDir);
            String id = "kith-" + java.util.UUID.randomUUID();
            java.nio.file.Files.writeString(file, id);
            return id;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the instance id in " + streamsDir, e);
        }
    }

    /**
     * Starts the core and waits until it runs. An unexpected failure stops the client rather than
     * skipping a record: a stopped core sends nothing, which is the fail-closed outcome.
     */
    private static void startStreams(KafkaStreams streams) throws InterruptedException {
        var running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Enforcement core stopped on an unexpected {}", error.getClass().getName(), error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        if (!running.await(STREAMS_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("enforcement core not running after " + STREAMS_READY_TIMEOUT);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Where partners that connect by Kafka connect: the embedded broker's partner listener; with a
     * configured cluster, or without {@code kith.kafka.partner.port}, empty.
     */
    /** The administration API's view of the broker's partner users: what a partner needs in its client settings. */
    private static PartnerAccessOperations.KafkaGrants kafkaGrants(PartnerKafkaAccess access, HubTls tls, Topics topics) {
        return new PartnerAccessOperations.KafkaGrants() {
            @Override
            public Map<String, String> grant(String partnerId) {
                PartnerKafkaAccess.KafkaCredential credential = access.grant(partnerId);
                Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("username", credential.username(),
                        "password", credential.password(), "mechanism", credential.mechanism(),
                        "bootstrap", credential.bootstrap(), "securityProtocol", "SASL_PLAINTEXT"));
                // the names its ACLs allow, so that its client settings need no editing
                settings.put("groupId", access.groupPrefix(partnerId));
                settings.put("inboundTopic", topics.inbound(partnerId));
                settings.put("outboundTopic", topics.outbound(partnerId));
                settings.put("statusTopic", topics.status(partnerId));
                if (tls.pemIdentity().isPresent()) {
                    settings.put("securityProtocol", "SASL_SSL");
                    settings.put("authorityPem", tls.authorityPem());
                }
                return settings;
            }

            @Override
            public void revoke(String partnerId) {
                access.revoke(partnerId);
            }
        };
    }

    public Optional<String> partnerBootstrapServers() {
        return broker.flatMap(EmbeddedKafkaBroker::partnerBootstrapServers);
    }

    /**
     * Grants and revokes partners' Kafka credentials and ACLs. It needs a cluster that authenticates
     * partners by SCRAM-SHA-512 and authorizes by ACLs: the embedded broker with its partner listener,
     * or a cluster set up so.
     */
    public PartnerKafkaAccess kafkaAccess() {
        return kafkaAccess;
    }

    public Topics topics() {
        return topics;
    }

    public PartnerRegistry partners() {
        return partners;
    }

    public int httpPort() {
        return edges.httpPort();
    }

    /** The operators' metrics, as {@code GET /v1/admin/metrics} serves them. */
    public HubMetrics metrics() {
        return metrics;
    }

    /**
     * How many hub instances run now, as the enforcement core's group knows them (this one included):
     * they share the partners' rate limit. At least 1; while the core is not running, 1.
     */
    public int instances() {
        return new Instances(streams).getAsInt();
    }

    /**
     * The instances of the core's group, by their advertised address; while the core cannot say (it is
     * not running or rebalancing), the last count it gave, so a failing core does not lift the limit.
     */
    private static final class Instances implements java.util.function.IntSupplier {
        private final KafkaStreams streams;
        private final java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(1);

        Instances(KafkaStreams streams) {
            this.streams = streams;
        }

        @Override
        public int getAsInt() {
            try {
                int count = (int) Math.max(1, streams.metadataForAllStreamsClients().stream()
                        .map(org.apache.kafka.streams.StreamsMetadata::hostInfo).distinct().count());
                last.set(count);
                return count;
            } catch (RuntimeException e) {
                return last.get();
            }
        }
    }

    /**
     * Whether the enforcement core is processing and the embedded broker (if any) serves; false once
     * either stopped on a failure.
     */
    public boolean healthy() {
        return streams.state().isRunningOrRebalancing() && fatal.getNow(null) == null && undecided.behind().isEmpty();
    }

    /**
     * Stops the core deciding, its partitions kept (Kafka Streams' pause): what is accepted waits,
     * and the health shows it waiting ({@link UndecidedAgeMonitor}). For tests and for an operator
     * holding an instance still; {@link #resumeCore} goes on where it stopped.
     */
    public void pauseCore() {
        streams.pause();
    }

    /** The core decides again, from where it stopped. */
    public void resumeCore() {
        streams.resume();
    }

    /**
     * Completes when the embedded broker has failed for good (its log directory, say): the hub must
     * then be stopped ({@link #closeAfterFault}) and the process end with a non-zero status. Until
     * then the health says why ({@code "broker": "log-dir-failed"}).
     */
    public CompletionStage<EmbeddedKafkaBroker.Fault> fatal() {
        return fatal;
    }

    /** The embedded broker's state for the health: {@code ok}, a fault's reason, or {@code external}. */
    private static String brokerState(Optional<EmbeddedKafkaBroker> broker) {
        return broker.map(embedded -> embedded.fault().map(EmbeddedKafkaBroker.Fault::reason).orElse("ok"))
                .orElse("external");
    }

    @Override
    public void close() {
        edges.close();
        stopCore();
        stopBroker();
        LOG.info("Kith hub stopped");
    }

    /**
     * Stops the hub after its broker failed: the core and the broker first, the HTTP API last, so
     * that the health says why the hub is going down for as long as it still runs.
     */
    public void closeAfterFault() {
        stopCore();
        stopBroker();
        edges.close();
        LOG.info("Kith hub stopped after its broker failed");
    }

    private void stopCore() {
        undecided.close();
        // Leave the group so a restarted or surviving instance takes the partitions over at once,
        // instead of after the session timeout.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    private void stopBroker() {
        partnerBootstrapServers().ifPresent(address -> AuthorizationDenials.at(address).stopListening());
        broker.ifPresent(EmbeddedKafkaBroker::close);
    }
}
