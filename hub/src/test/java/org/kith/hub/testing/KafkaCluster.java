package org.kith.hub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;

/**
 * A replicated Kafka cluster for tests and benchmarks: {@value #DEFAULT_BROKERS} KRaft nodes (broker
 * and controller combined), each in a JVM of its own ({@code kafka.Kafka} started with
 * {@link ProcessBuilder} on this JVM's class path), so that one can be killed with SIGKILL and
 * restarted on its log directory as a crashed machine would be. No Docker is needed.
 *
 * <p>It is set up as {@code EmbeddedKafkaBroker} sets up its one node, with replication: the hub's
 * listener ({@code PLAINTEXT}, unauthenticated, its principal {@code User:ANONYMOUS} the only super
 * user), a {@code PARTNER} listener (SASL/SCRAM-SHA-512, for partners that connect by Kafka) and the
 * standard KRaft authorizer with {@code allow.everyone.if.no.acl.found=false}; topic auto-creation
 * off; the internal topics (offsets, transaction state) with {@value #REPLICATION} replicas and a
 * minimum of {@value #MIN_IN_SYNC} in sync, which are also the cluster's defaults for new topics.
 *
 * <p>Each node keeps its ports across restarts (the quorum's voters are static) and writes its
 * output to {@code <dir>/broker-<id>.log}. A node ends with the JVM that started it even if that JVM
 * is killed: it halts when its standard input, a pipe from here, closes. {@link #close()} and a
 * shutdown hook end every node.
 */
public final class KafkaCluster implements BrokerCluster {

    /** Nodes of a cluster from {@link #start(Path)}. */
    public static final int DEFAULT_BROKERS = 3;

    /** Partitions of the offsets and transaction state topics. */
    static final int INTERNAL_PARTITIONS = 6;

    private static final String HOST = "localhost";
    private static final List<String> BROKER_JVM = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final Path dir;
    private final Map<Integer, Node> nodes;
    private final Map<Integer, Process> processes = new HashMap<>();
    private final String bootstrapServers;
    private final String partnerBootstrapServers;
    private final Thread shutdownHook;
    private boolean closed;

    /** One node: its id, its three ports and where it keeps its data. */
    private record Node(int id, int clientPort, int controllerPort, int partnerPort, Path logDir, Path properties,
                        Path output) {
    }

    private KafkaCluster(Path dir, Map<Integer, Node> nodes) {
        this.dir = dir;
        this.nodes = nodes;
        this.bootstrapServers = nodes.values().stream().map(n -> HOST + ":" + n.clientPort())
                .collect(Collectors.joining(","));
        this.partnerBootstrapServers = nodes.values().stream().map(n -> HOST + ":" + n.partnerPort())
                .collect(Collectors.joining(","));
        this.shutdownHook = new Thread(this::destroyAll, "kith-kafka-cluster-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a cluster of {@value #DEFAULT_BROKERS} nodes under {@code dir} and returns once all serve. */
    public static KafkaCluster start(Path dir) {
        return start(dir, DEFAULT_BROKERS);
    }

    /**
     * Starts a cluster of {@code brokers} nodes (ids 1..brokers) under {@code dir}, formatting their
     * log directories, and returns once every node is registered with the quorum.
     *
     * @param dir the cluster's directory (e.g. under the module's {@code target/}); created if missing
     * @param brokers how many nodes, at least {@value #REPLICATION}
     */
    public static KafkaCluster start(Path dir, int brokers) {
        if (brokers < REPLICATION) {
            throw new IllegalArgumentException("a cluster needs at least " + REPLICATION + " nodes, not " + brokers);
        }
        Path root = dir.toAbsolutePath();
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        try {
            Files.createDirectories(root);
            for (int id = 1; id <= brokers; id++) {
                int[] ports = freePorts(3);
                Path logDir = root.resolve("broker-" + id);
                nodes.put(id, new Node(id, ports[0], ports[1], ports[2], logDir, root.resolve("broker-" + id + ".properties"),
                        root.resolve("broker-" + id + ".log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster directory " + root, e);
        }
        String voters = nodes.values().stream().map(n -> n.id() + "@" + HOST + ":" + n.controllerPort())
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (Node node : nodes.values()) {
            write(node.properties(), serverProperties(node, voters));
            format(node, clusterId);
        }
        KafkaCluster cluster = new KafkaCluster(root, nodes);
        try {
            nodes.keySet().forEach(cluster::launch);
            cluster.awaitRegistered(nodes.keySet());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's client listener, {@code localhost:PORT,...}: the hub's {@code kith.bootstrap.servers}. */
    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Every node's partners' listener (SASL_PLAINTEXT, SCRAM-SHA-512), {@code localhost:PORT,...}. */
    public String partnerBootstrapServers() {
        return partnerBootstrapServers;
    }

    /** The node ids, 1..n. */
    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(nodes.keySet());
    }

    /**
     * Settings of a producer that survives a node's loss without losing or repeating a record: acknowledged
     * by all in-sync replicas, idempotent; add serializers (and a transactional id) to taste.
     */
    public Map<String, Object> producerConfig() {
        return new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    }

    /** Whether node {@code brokerId}'s process runs. */
    @Override
    public synchronized boolean running(int brokerId) {
        Process process = processes.get(node(brokerId).id());
        return process != null && process.isAlive();
    }

    /** The process id of node {@code brokerId}, while it runs (e.g. for {@code kill -9}). */
    public synchronized long pid(int brokerId) {
        Process process = processes.get(node(brokerId).id());
        if (process == null) {
            throw new IllegalStateException("broker " + brokerId + " is not running");
        }
        return process.pid();
    }

    /**
     * SIGKILL to node {@code brokerId}, as a crash: nothing flushed, nothing closed. Returns once the
     * process is gone.
     */
    @Override
    public synchronized void kill(int brokerId) {
        Process process = processes.remove(node(brokerId).id());
        if (process == null) {
            throw new IllegalStateException("broker " + brokerId + " is not running");
        }
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker " + brokerId + " (pid " + process.pid() + ") still runs after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing broker " + brokerId, e);
        }
    }

    /**
     * Starts node {@code brokerId} again on its log directory (after {@link #kill}) and returns once it
     * is registered with the quorum again; it may still be catching up: {@link #awaitInSync}.
     */
    @Override
    public void restart(int brokerId) {
        synchronized (this) {
            if (running(brokerId)) {
                throw new IllegalStateException("broker " + brokerId + " is running");
            }
            launch(brokerId);
        }
        awaitRegistered(Set.of(brokerId));
    }

    /** Ends every node (SIGKILL: the data is thrown away) and deletes the log directories; node logs are kept. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
        nodes.values().forEach(node -> deleteRecursively(node.logDir()));
    }

    private synchronized void destroyAll() {
        for (Process process : processes.values()) {
            process.destroyForcibly();
        }
        for (Process process : processes.values()) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        processes.clear();
    }

    // ---- starting nodes ------------------------------------------------------------------------

    private synchronized void launch(int brokerId) {
        Node node = node(brokerId);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BROKER_JVM);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add(node.properties().toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.output().toFile())).start();
            processes.put(brokerId, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start broker " + brokerId, e);
        }
    }

    private void awaitRegistered(Set<Integer> ids) {
        long end = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                for (int id : ids) {
                    synchronized (this) {
                        Process process = processes.get(id);
                        if (process == null || !process.isAlive()) {
                            throw new IllegalStateException("broker " + id + " exited while starting; see " + node(id).output());
                        }
                    }
                }
                try {
                    Set<Integer> registered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                            .get(10, TimeUnit.SECONDS).stream().map(org.apache.kafka.common.Node::id)
                            .collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not serving yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting the cluster", e);
                }
                if (System.nanoTime() - end > 0) {
                    throw new IllegalStateException("brokers " + ids + " not registered within " + READY_TIMEOUT
                            + "; see their logs in " + dir);
                }
                BrokerCluster.pause(Duration.ofMillis(200));
            }
        }
    }

    private static Properties serverProperties(Node node, String voters) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.id()));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + node.clientPort() + ",CONTROLLER://" + HOST + ":"
                + node.controllerPort() + ",PARTNER://" + HOST + ":" + node.partnerPort());
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + node.clientPort() + ",PARTNER://" + HOST + ":"
                + node.partnerPort());
        p.setProperty("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PARTNER:SASL_PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", node.logDir().toString());
        // the partners' listener and the authorizer, as on the embedded broker: only the hub is a super user
        p.setProperty("listener.name.partner.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.setProperty("listener.name.partner.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("super.users", "User:ANONYMOUS");
        // replication: three copies, two of them needed for a write
        p.setProperty("offsets.topic.replication.factor", Integer.toString(REPLICATION));
        // a few partitions of each internal topic rather than 50: a restarted node recovers and catches up
        // on a dozen internal partitions instead of a hundred before it is back in every ISR
        p.setProperty("offsets.topic.num.partitions", Integer.toString(INTERNAL_PARTITIONS));
        p.setProperty("transaction.state.log.num.partitions", Integer.toString(INTERNAL_PARTITIONS));
        p.setProperty("transaction.state.log.replication.factor", Integer.toString(REPLICATION));
        p.setProperty("transaction.state.log.min.isr", Integer.toString(MIN_IN_SYNC));
        p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(REPLICATION));
        p.setProperty("share.coordinator.state.topic.min.isr", Integer.toString(MIN_IN_SYNC));
        p.setProperty("default.replication.factor", Integer.toString(REPLICATION));
        p.setProperty("min.insync.replicas", Integer.toString(MIN_IN_SYNC));
        p.setProperty("unclean.leader.election.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        // a killed node is fenced, and its partitions led elsewhere, within a few seconds
        p.setProperty("broker.session.timeout.ms", "6000");
        p.setProperty("broker.heartbeat.interval.ms", "1000");
        // a test's topics are small: a few threads and small buffers per node leave room for three on two cores
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("num.replica.fetchers", "1");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        return p;
    }

    private static void format(Node node, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", node.properties().toString(),
                    "--ignore-formatted"}, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot format " + node.logDir() + ": " + e.getMessage() + "; "
                    + output.toString(StandardCharsets.UTF_8).trim(), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting " + node.logDir() + " failed (" + exitCode + "): "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    // ---- asking the cluster --------------------------------------------------------------------

    private Node node(int brokerId) {
        Node node = nodes.get(brokerId);
        if (node == null) {
            throw new IllegalArgumentException("no broker " + brokerId + " in this cluster (" + nodes.keySet() + ")");
        }
        return node;
    }


    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void write(Path file, Properties properties) {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Written by KafkaCluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a directory under target/ left behind is not worth failing a run for
        }
    }

    /**
     * A node's main: {@code kafka.Kafka} on the given properties, ended (halted, as SIGKILL would) when
     * its standard input closes, i.e. when the JVM that started it is gone, however it ended.
     */
    public static final class BrokerMain {
        private BrokerMain() {
        }

        public static void main(String[] args) throws Exception {
            Thread watchdog = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() >= 0) {
                        // nothing is sent; read until the parent's end of the pipe closes
                    }
                } catch (IOException e) {
                    // the pipe broke: the parent is gone as well
                }
                Runtime.getRuntime().halt(1);
            }, "parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            kafka.Kafka.main(args);
        }
    }
}
