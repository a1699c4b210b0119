package org.kith.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * The replicated cluster of {@link KafkaCluster} where a Docker engine answers: Testcontainers'
 * {@link KafkaContainer} ({@value #IMAGE}) three times on a network of their own, each node broker
 * and controller, with the same replication settings ({@value BrokerCluster#REPLICATION} replicas
 * of everything, {@value BrokerCluster#MIN_IN_SYNC} in sync for a write, few internal partitions, a
 * dead node fenced within seconds). {@link #kill} is {@code docker kill --signal KILL} and
 * {@link #restart} {@code docker start} of the same container, so the node comes back on its log
 * directory; each node's client port is bound to a fixed host port, so that what it advertises
 * stays true across restarts. Not here: the partners' SASL listener and the authorizer of
 * {@link KafkaCluster} (the cluster scenarios do not use them).
 */
public final class ContainerKafkaCluster implements BrokerCluster {

    /** The nodes' image: the Kafka version the hub is built against. */
    public static final String IMAGE = "apache/kafka:4.3.1";
    private static final int NODES = 3;
    private static final int CLIENT_PORT = 9092;

    private final Network network;
    private final Map<Integer, KafkaContainer> nodes;
    private final String bootstrapServers;

    private ContainerKafkaCluster(Network network, Map<Integer, KafkaContainer> nodes) {
        this.network = network;
        this.nodes = nodes;
        this.bootstrapServers = nodes.values().stream().map(KafkaContainer::getBootstrapServers)
                .collect(Collectors.joining(","));
    }

    /** Starts the three containers together (no node is ready before the quorum is) and waits until all are registered. */
    public static ContainerKafkaCluster start() {
        Network network = Network.newNetwork();
        String clusterId = Uuid.randomUuid().toString();
        String voters = java.util.stream.IntStream.rangeClosed(1, NODES).mapToObj(id -> id + "@broker-" + id + ":9094")
                .collect(Collectors.joining(","));
        Map<Integer, KafkaContainer> nodes = new LinkedHashMap<>();
        for (int id = 1; id <= NODES; id++) {
            KafkaContainer node = new KafkaContainer(IMAGE)
                    .withNetwork(network)
                    .withNetworkAliases("broker-" + id)
                    .withEnv("CLUSTER_ID", clusterId)
                    .withEnv("KAFKA_NODE_ID", Integer.toString(id))
                    .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
                    .withEnv(settings())
                    .withStartupTimeout(READY_TIMEOUT);
            node.setPortBindings(List.of(freePort() + ":" + CLIENT_PORT));
            nodes.put(id, node);
        }
        try {
            Startables.deepStart(nodes.values()).join();
            ContainerKafkaCluster cluster = new ContainerKafkaCluster(network, nodes);
            cluster.awaitRegistered(nodes.keySet(), READY_TIMEOUT);
            return cluster;
        } catch (RuntimeException e) {
            nodes.values().forEach(KafkaContainer::stop);
            network.close();
            throw e;
        }
    }

    /** The broker settings beside the listeners and the quorum, as {@link KafkaCluster} has them. */
    private static Map<String, String> settings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", Integer.toString(REPLICATION));
        env.put("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", Integer.toString(KafkaCluster.INTERNAL_PARTITIONS));
        env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", Integer.toString(REPLICATION));
        env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", Integer.toString(MIN_IN_SYNC));
        env.put("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", Integer.toString(KafkaCluster.INTERNAL_PARTITIONS));
        env.put("KAFKA_DEFAULT_REPLICATION_FACTOR", Integer.toString(REPLICATION));
        env.put("KAFKA_MIN_INSYNC_REPLICAS", Integer.toString(MIN_IN_SYNC));
        env.put("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
        env.put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("KAFKA_BROKER_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_BROKER_HEARTBEAT_INTERVAL_MS", "1000");
        return env;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(nodes.keySet());
    }

    @Override
    public synchronized boolean running(int brokerId) {
        KafkaContainer node = node(brokerId);
        Boolean running = node.getDockerClient().inspectContainerCmd(node.getContainerId()).exec().getState().getRunning();
        return Boolean.TRUE.equals(running);
    }

    @Override
    public synchronized void kill(int brokerId) {
        if (!running(brokerId)) {
            throw new IllegalStateException("broker " + brokerId + " is not running");
        }
        KafkaContainer node = node(brokerId);
        node.getDockerClient().killContainerCmd(node.getContainerId()).withSignal("KILL").exec();
        org.awaitility.Awaitility.await("broker " + brokerId + " gone after SIGKILL").atMost(Duration.ofSeconds(30))
                .pollInSameThread().pollInterval(Duration.ofMillis(100)).until(() -> !running(brokerId));
    }

    @Override
    public void restart(int brokerId) {
        synchronized (this) {
            if (running(brokerId)) {
                throw new IllegalStateException("broker " + brokerId + " is running");
            }
            KafkaContainer node = node(brokerId);
            node.getDockerClient().startContainerCmd(node.getContainerId()).exec();
        }
        awaitRegistered(Set.of(brokerId), READY_TIMEOUT);
    }

    @Override
    public void close() {
        nodes.values().forEach(KafkaContainer::stop);
        network.close();
    }

    private KafkaContainer node(int brokerId) {
        KafkaContainer node = nodes.get(brokerId);
        if (node == null) {
            throw new IllegalArgumentException("no broker " + brokerId + " in this cluster (" + nodes.keySet() + ")");
        }
        return node;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a Kafka container", e);
        }
    }
}
