package org.kith.hub.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.ObjectName;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker running inside this JVM, in KRaft mode with the broker and
 * controller roles combined in one node.
 *
 * <p>Why: the hub is one process that a partner runs with no infrastructure of its own, yet the
 * enforcement topology needs a real Kafka (transactions, exactly-once Streams, durable offsets).
 * Embedding the real broker keeps the production semantics with nothing else to install.
 *
 * <p>All state lives under the data directory: {@code broker.lock} (held while the broker runs, so
 * a second broker on the same directory is refused), {@code cluster.id} (the cluster id, kept so a
 * restart on the same directory reuses it), {@code server.properties} (rewritten on every start,
 * ports may differ between starts) and {@code kraft-logs/} (the formatted log directory holding
 * the metadata log, topics and committed offsets). The quorum is a static single voter
 * ({@code controller.quorum.voters}), read from the configuration on every start, so a restart
 * may listen on different ports. The hub's own client listener ({@code PLAINTEXT}) and the
 * controller listener bind to {@code localhost} only.
 *
 * <p>Optionally ({@link #start(Path, int, PartnerListener)}) a third listener, {@code PARTNER}, lets
 * partner systems connect directly: SASL/SCRAM-SHA-512 (over TLS when the listener has a
 * certificate), on a host and port of its own. The broker then runs the standard KRaft authorizer with
 * {@code allow.everyone.if.no.acl.found=false}: a partner's principal may do only what its ACLs allow
 * ({@link PartnerKafkaAccess}), while the unauthenticated principal of the localhost-only listeners,
 * {@code User:ANONYMOUS}, is the super user the hub itself runs as.
 *
 * <p>Fatal broker faults: Kafka ends the JVM itself ({@code Exit.halt}/{@code Exit.exit}) when a
 * broker or controller fault is unrecoverable, e.g. its log directory (which holds the metadata log
 * too) has failed: a write refused for a full disk, a missing directory or no file descriptor left.
 * Such an end must never be silent. This class takes Kafka's exit procedures over (once per JVM):
 * it finds the embedded broker concerned (the one whose log directory Kafka took offline or that
 * can no longer be written, else the only one running), logs one ERROR line naming the directory
 * and the cause, and records the {@link Fault} ({@link #fault()}). Whoever took the stop over
 * ({@link #stopOnFault}: the hub, which reports it in its health and stops in order with a non-zero
 * status) is told on a thread of its own, and Kafka's thread goes on; a broker nobody took over
 * for halts the JVM as Kafka asked, after the line. A half-dead broker is never left running
 * unnoticed: the hub that takes the stop over stops it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "localhost";
    private static final String CLUSTER_ID_FILE = "cluster.id";
    private static final String SERVER_PROPERTIES_FILE = "server.properties";
    private static final String LOG_DIR = "kraft-logs";
    private static final String LOCK_FILE = "broker.lock";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_START_ATTEMPTS = 3;

    /** The name of the partners' listener; its SASL settings are {@code listener.name.partner.*}. */
    static final String PARTNER_LISTENER = "PARTNER";
    /** The only SASL mechanism the partners' listener offers. */
    public static final String PARTNER_MECHANISM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Optional<String> partnerBootstrapServers;
    private final Duration startupTime;
    private final DataDirLock lock;
    private final Path logDir;
    private final CompletableFuture<Fault> fault = new CompletableFuture<>();
    private volatile boolean faultTakenOver;
    private final Object closeLock = new Object();
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Optional<String> partnerBootstrapServers,
                                Duration startupTime, DataDirLock lock, Path logDir) {
        this.logDir = logDir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.partnerBootstrapServers = partnerBootstrapServers;
        this.startupTime = startupTime;
        this.lock = lock;
    }

    /**
     * The partners' listener: SASL/SCRAM-SHA-512 on {@code host:port}, advertised as such.
     *
     * @param host the address to bind and to advertise (a name or address partners can reach, not a wildcard)
     * @param port the port, or 0 for a free one
     * @param tls  the listener's certificate and key: present, the listener is {@code SASL_SSL}; empty,
     *             {@code SASL_PLAINTEXT} (passwords then cross the network in SCRAM's challenge form only,
     *             but the messages in clear: use it on a trusted network or behind a TLS proxy)
     */
    public record PartnerListener(String host, int port, Optional<PemIdentity> tls) {
        public PartnerListener {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
            if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
                throw new IllegalArgumentException("the partner listener's host is advertised to partners: name an"
                        + " address they can reach, not '" + host + "'");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
        }

        String protocol() {
            return tls.isPresent() ? "SASL_SSL" : "SASL_PLAINTEXT";
        }
    }

    /**
     * A TLS identity in PEM: the certificate chain (the listener's certificate first) and its
     * unencrypted PKCS#8 private key.
     */
    public record PemIdentity(String certificateChain, String privateKey) {
        public PemIdentity {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "PemIdentity[certificateChain, privateKey=(hidden)]";
        }
    }

    /**
     * Starts (formatting the log dir on first use) a broker whose data lives under dataDir;
     * port 0 = pick a free port for the client listener. Blocks until the broker answers an
     * Admin describeCluster.
     *
     * @param dataDir the broker's data directory, created if missing; reuse it to keep topics and offsets
     * @param port    the client (PLAINTEXT) port on localhost, or 0 for a free one
     * @return the running broker; close it to stop it
     * @throws IllegalStateException if dataDir is in use by another broker, if the log directory cannot be
     *                               formatted or if the broker does not start
     * @throws UncheckedIOException  if the data directory cannot be written
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * As {@link #start(Path, int)}, with the partners' listener and the authorizer when
     * {@code partnerListener} is not null.
     *
     * @param partnerListener the partners' SASL listener, or null for none (and no authorizer)
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, PartnerListener partnerListener) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        long startNanos = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        Path logDir = dir.resolve(LOG_DIR);
        DataDirLock lock;
        try {
            Files.createDirectories(logDir);
            lock = DataDirLock.acquire(dir.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka data directory " + dir, e);
        }
        try {
            String clusterId = loadOrCreateClusterId(dir, logDir);
            FatalFaults.intercept();
            EmbeddedKafkaBroker broker = startLocked(dir, logDir, clusterId, port, Optional.ofNullable(partnerListener),
                    startNanos, lock);
            FatalFaults.RUNNING.add(broker);
            LOG.info("Embedded Kafka broker ready on {} in {} ms", broker.bootstrapServers, broker.startupTime.toMillis());
            broker.partnerBootstrapServers.ifPresent(address -> LOG.info("Partners' Kafka listener ({}, {}) on {}",
                    partnerListener.protocol(), PARTNER_MECHANISM, address));
            return broker;
        } catch (IOException e) {
            lock.release();
            throw new UncheckedIOException("Cannot prepare the Kafka data directory " + dir, e);
        } catch (RuntimeException | Error e) {
            lock.release();
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startLocked(Path dir, Path logDir, String clusterId, int port,
                                                   Optional<PartnerListener> partner, long startNanos, DataDirLock lock) {
        // A free port picked here may be taken by someone else before Kafka binds it; only then retry.
        for (int attempt = 1; ; attempt++) {
            int[] ports = pickPorts(port, partner.map(PartnerListener::port).orElse(-1));
            Properties props = serverProperties(logDir, ports[0], ports[1]);
            Optional<String> partnerBootstrap = partner.map(listener -> listener.host() + ":" + ports[2]);
            partner.ifPresent(listener -> addPartnerListener(props, listener, ports[2]));
            String bootstrap = HOST + ":" + ports[0];
            try {
                long phase = System.nanoTime();
                format(dir, clusterId, props);
                LOG.debug("Kafka log directory checked/formatted in {} ms", (System.nanoTime() - phase) / 1_000_000);
                phase = System.nanoTime();
                KafkaRaftServer server = startServer(props);
                LOG.debug("KafkaRaftServer started in {} ms", (System.nanoTime() - phase) / 1_000_000);
                try {
                    awaitReady(bootstrap, startNanos);
                } catch (RuntimeException e) {
                    stopQuietly(server);
                    throw e;
                }
                return new EmbeddedKafkaBroker(server, bootstrap, partnerBootstrap,
                        Duration.ofNanos(System.nanoTime() - startNanos), lock, logDir);
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                if ((port != 0 && partner.map(listener -> listener.port() != 0).orElse(true))
                        || attempt == MAX_START_ATTEMPTS) {
                    throw new IllegalStateException("Embedded Kafka broker cannot bind " + bootstrap
                            + ", its controller port " + ports[1]
                            + partnerBootstrap.map(address -> " or the partners' listener " + address).orElse("")
                            + ": address already in use", e);
                }
                LOG.warn("Embedded Kafka broker could not bind {} or its controller port (attempt {}), retrying",
                        bootstrap, attempt);
            }
        }
    }

    /** The client bootstrap address, {@code "localhost:PORT"}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The partners' listener's address as advertised ({@code host:port}), if the broker has one. The
     * listener asks for SCRAM-SHA-512 credentials made by {@link PartnerKafkaAccess}.
     */
    public Optional<String> partnerBootstrapServers() {
        return partnerBootstrapServers;
    }

    /** Wall time that {@link #start(Path, int)} took, formatting and readiness check included. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Why this broker stopped serving, once Kafka declared a fatal fault: its log directory failed, or
     * another fault it cannot recover from; empty while it serves.
     */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault.getNow(null));
    }

    /**
     * Takes over what happens after a fatal fault of this broker: {@code stop} is told (on a thread of
     * its own, at most once) and must stop the process in order; Kafka's own halt of the JVM is then
     * not carried out. Without it, a fault halts the JVM after its ERROR line.
     */
    public void stopOnFault(Consumer<Fault> stop) {
        Objects.requireNonNull(stop, "stop");
        faultTakenOver = true;
        fault.thenAcceptAsync(stop, task -> {
            Thread thread = new Thread(task, "kith-broker-fault");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * A fatal fault of the embedded broker.
     *
     * @param reason    {@link #LOG_DIR_FAILED} or {@link #FATAL}
     * @param directory the broker's log directory
     * @param cause     what failed, as far as it can be told: the error writing the directory, or Kafka's word
     */
    public record Fault(String reason, Path directory, String cause) {
        /** The log directory (which holds the metadata log too) can no longer be written. */
        public static final String LOG_DIR_FAILED = "log-dir-failed";
        /** Kafka ended the broker on another fault it cannot recover from. */
        public static final String FATAL = "fatal-fault";
    }

    /** Shuts the broker down and waits until it has stopped. Safe to call more than once. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            FatalFaults.RUNNING.remove(this);
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                lock.release();
            }
            LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers);
        }
    }

    private static String loadOrCreateClusterId(Path dir, Path logDir) throws IOException {
        Path idFile = dir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(idFile)) {
            String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        // An already formatted log dir whose cluster.id file went missing keeps its own id.
        String id = null;
        Path meta = logDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties metaProps = new Properties();
            try (var in = Files.newInputStream(meta)) {
                metaProps.load(in);
            }
            id = metaProps.getProperty("cluster.id");
        }
        if (id == null || id.isBlank()) {
            id = Uuid.randomUuid().toString();
        }
        writeAtomically(idFile, id + System.lineSeparator());
        return id;
    }

    /**
     * The client, controller and partner ports: the ones asked for, free ones (held open together, so
     * distinct) for 0. partnerPort -1: no partner listener (its slot is then -1).
     */
    private static int[] pickPorts(int clientPort, int partnerPort) {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket c = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int client = clientPort != 0 ? clientPort : a.getLocalPort();
            int controller = b.getLocalPort() != client ? b.getLocalPort() : a.getLocalPort();
            int partner = partnerPort != 0 ? partnerPort : c.getLocalPort();
            if (partner == client || partner == controller) {
                partner = client != a.getLocalPort() && controller != a.getLocalPort() ? a.getLocalPort() : b.getLocalPort();
            }
            return new int[] {client, controller, partner};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on localhost", e);
        }
    }

    /**
     * The partners' listener and the authorizer that holds its principals to their ACLs. The hub's
     * own listeners stay on localhost and unauthenticated: their principal, {@code User:ANONYMOUS}, is
     * the only super user.
     */
    private static void addPartnerListener(Properties p, PartnerListener listener, int port) {
        String name = PARTNER_LISTENER;
        String prefix = "listener.name." + name.toLowerCase(java.util.Locale.ROOT) + ".";
        p.setProperty("listeners", p.getProperty("listeners") + "," + name + "://" + listener.host() + ":" + port);
        p.setProperty("advertised.listeners", p.getProperty("advertised.listeners") + "," + name + "://"
                + listener.host() + ":" + port);
        p.setProperty("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ","
                + name + ":" + listener.protocol());
        p.setProperty(prefix + "sasl.enabled.mechanisms", PARTNER_MECHANISM);
        p.setProperty(prefix + PARTNER_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        listener.tls().ifPresent(tls -> {
            p.setProperty(prefix + "ssl.keystore.type", "PEM");
            p.setProperty(prefix + "ssl.keystore.certificate.chain", tls.certificateChain());
            p.setProperty(prefix + "ssl.keystore.key", tls.privateKey());
        });
        p.setProperty("authorizer.class.name", AuditedAuthorizer.class.getName()); // StandardAuthorizer, denials told
        p.setProperty(AuditedAuthorizer.DENIALS, listener.host() + ":" + port);
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("super.users", "User:ANONYMOUS");
    }

    private static Properties serverProperties(Path logDir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // One node: every internal topic has one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path dir, String clusterId, Properties props) {
        Path propsFile = dir.resolve(SERVER_PROPERTIES_FILE);
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            Properties stored = new Properties();
            stored.putAll(props);
            // the file is for formatting and for reading; a TLS private key stays in memory
            stored.keySet().removeIf(key -> key.toString().endsWith("ssl.keystore.key"));
            stored.store(text, "Written by EmbeddedKafkaBroker on every start; edits are overwritten");
            writeAtomically(propsFile, text.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + propsFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"}, out);
        } catch (RuntimeException e) { // FormatterException, TerseFailure
            throw new IllegalStateException("Cannot format the Kafka log directory under " + dir + ": "
                    + e.getMessage() + "; output: " + output.toString(StandardCharsets.UTF_8).trim(), e);
        }
        String printed = output.toString(StandardCharsets.UTF_8).trim();
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory under " + dir
                    + " failed with exit code " + exitCode + ": " + printed);
        }
        LOG.debug("Kafka storage format: {}", printed);
    }

    private static KafkaRaftServer startServer(Properties props) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw e;
        }
    }

    private static void awaitReady(String bootstrap, long startNanos) {
        long deadline = startNanos + READY_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "kith-embedded-broker-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("Embedded Kafka broker on " + bootstrap
                                + " did not answer describeCluster within " + READY_TIMEOUT.toSeconds() + " s", e);
                    }
                    LOG.debug("Embedded Kafka broker not ready yet: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Embedded Kafka broker on " + bootstrap
                            + " reported no nodes within " + READY_TIMEOUT.toSeconds() + " s");
                }
            }
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error stopping a Kafka broker that failed to start", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether Kafka itself took this broker's log directory offline (its {@code LogDirectoryOffline} gauge). */
    private boolean offlineForKafka() {
        try {
            var mbeans = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name : mbeans.queryNames(
                    new ObjectName("kafka.log:type=LogManager,name=LogDirectoryOffline,*"), null)) {
                String directory = ObjectName.unquote(quoted(name.getKeyProperty("logDirectory")));
                if (logDir.toString().equals(directory)
                        && ((Number) mbeans.getAttribute(name, "Value")).intValue() == 1) {
                    return true;
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.debug("Cannot read Kafka's log directory gauges: {}", e.toString());
        }
        return false;
    }

    private static String quoted(String value) {
        return value == null ? "\"\"" : value.startsWith("\"") ? value : ObjectName.quote(value);
    }

    /** Whether a file can still be made and removed in the log directory: empty if so, else the error. */
    private Optional<String> writeError() {
        try {
            Files.delete(Files.createTempFile(logDir, ".kith-probe-", ".tmp"));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    /**
     * Kafka's exit procedures, taken over once per JVM: an exit or halt Kafka asks for is first
     * attributed to an embedded broker and logged, then carried out unless the broker's stop was
     * taken over ({@link #stopOnFault}).
     */
    private static final class FatalFaults {

        static final Set<EmbeddedKafkaBroker> RUNNING = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean INTERCEPTED = new AtomicBoolean();

        private FatalFaults() {
        }

        static void intercept() {
            if (INTERCEPTED.compareAndSet(false, true)) {
                Exit.setHaltProcedure((status, message) -> ended(status, message, () -> Runtime.getRuntime().halt(status)));
                Exit.setExitProcedure((status, message) -> ended(status, message, () -> System.exit(status)));
            }
        }

        private static void ended(int status, String message, Runnable asKafkaAsked) {
            Optional<EmbeddedKafkaBroker> concerned = concerned();
            if (concerned.isEmpty()) {
                LOG.error("Kafka ended the JVM (status {}{}); no embedded broker of this JVM is concerned", status,
                        message == null ? "" : ": " + message);
                asKafkaAsked.run();
                return;
            }
            EmbeddedKafkaBroker broker = concerned.get();
            Fault fault = broker.diagnose(status, message);
            if (broker.fault.complete(fault)) {
                LOG.error("Embedded Kafka broker failed ({}): log directory {}: {}; {}", fault.reason(), fault.directory(),
                        fault.cause(), broker.faultTakenOver ? "the hub stops" : "the JVM halts (status " + status + ")");
            }
            if (!broker.faultTakenOver) {
                asKafkaAsked.run();
            }
        }

        /** The broker whose log directory failed; else the only one running; else none (not ours to say). */
        private static Optional<EmbeddedKafkaBroker> concerned() {
            List<EmbeddedKafkaBroker> running = List.copyOf(RUNNING);
            Optional<EmbeddedKafkaBroker> failed = running.stream()
                    .filter(broker -> broker.offlineForKafka() || broker.writeError().isPresent()).findFirst();
            return failed.isPresent() || running.size() != 1 ? failed : Optional.of(running.get(0));
        }
    }

    private Fault diagnose(int status, String message) {
        Optional<String> writeError = writeError();
        if (writeError.isPresent()) {
            return new Fault(Fault.LOG_DIR_FAILED, logDir, writeError.get());
        }
        if (offlineForKafka()) {
            return new Fault(Fault.LOG_DIR_FAILED, logDir,
                    "Kafka took it offline after a write failed (the error is in the broker's log above)");
        }
        return new Fault(Fault.FATAL, logDir, "Kafka ended the broker with status " + status
                + (message == null ? "" : " (" + message + ")") + " on a fault it cannot recover from");
    }

    /**
     * Exclusive lock on the data directory, taken before anything in it is touched. Kafka's own
     * lock on the log directory is taken by the broker half only after the controller half has
     * opened the metadata log, so without this a second start on a live directory (a second hub
     * on the same {@code ./data}) writes into the running broker's metadata log, and the running
     * broker halts its JVM on the corrupt record.
     */
    private static final class DataDirLock {
        private final FileChannel channel;
        private final FileLock fileLock;

        private DataDirLock(FileChannel channel, FileLock fileLock) {
            this.channel = channel;
            this.fileLock = fileLock;
        }

        static DataDirLock acquire(Path file) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock;
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (fileLock == null) {
                channel.close();
                throw new IllegalStateException("Kafka data directory " + file.getParent()
                        + " is in use by another embedded broker (" + file + " is locked)");
            }
            return new DataDirLock(channel, fileLock);
        }

        void release() {
            try {
                fileLock.release();
            } catch (IOException e) {
                LOG.warn("Cannot release {}", fileLock, e);
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("Cannot close the data directory lock file", e);
                }
            }
        }
    }
}
