package org.kith.hub.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/**
 * A replicated Kafka cluster whose nodes a test can kill outright and start again: what the
 * broker-failure scenarios need, whichever way the nodes run ({@link KafkaCluster}: JVMs of their
 * own from Maven artifacts; {@link ContainerKafkaCluster}: Docker containers through
 * Testcontainers). {@link KafkaBrokers#cluster(KafkaBrokers.Kind)} gives the one shared per test
 * JVM. Everything a scenario asks of the cluster besides killing and starting a node (who leads a
 * partition, whether a node is back in sync, moving a leader) goes through the Admin API and is
 * written once, here.
 */
public interface BrokerCluster extends AutoCloseable {

    /** Replicas of the internal topics, and the cluster's default for new ones. */
    int REPLICATION = 3;
    /** In-sync replicas a write to a replicated topic needs. */
    int MIN_IN_SYNC = 2;
    /** How long a node may take to start, a reassignment or an election to finish, on a loaded machine. */
    Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** Every node's client listener, {@code host:port,...}: the hub's {@code kith.bootstrap.servers}. */
    String bootstrapServers();

    /** The node ids, 1..n. */
    List<Integer> brokerIds();

    /** Whether node {@code brokerId} runs. */
    boolean running(int brokerId);

    /** SIGKILL to node {@code brokerId}, as a crash: nothing flushed, nothing closed. Returns once it is gone. */
    void kill(int brokerId);

    /**
     * Starts node {@code brokerId} again on its data (after {@link #kill}) and returns once it is
     * registered with the quorum again; it may still be catching up: {@link #awaitInSync}.
     */
    void restart(int brokerId);

    /** Ends every node and throws its data away. */
    @Override
    void close();

    /** Settings of an Admin client of this cluster; timeouts short enough for a test's deadlines. */
    default Map<String, Object> adminConfig() {
        return new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** An Admin client of this cluster; the caller closes it. */
    default Admin admin() {
        return Admin.create(adminConfig());
    }

    /**
     * Starts every node that is not running (one a failed test left killed, say) and waits until
     * each is in sync again: what a test sharing the cluster may count on at its start.
     */
    default void heal(Duration deadline) {
        for (int id : brokerIds()) {
            if (!running(id)) {
                restart(id);
                awaitInSync(id, deadline);
            }
        }
    }

    /**
     * Waits until node {@code brokerId} is in the in-sync replicas of every partition it holds a
     * replica of (internal topics included).
     *
     * @throws IllegalStateException if it is not within {@code deadline}
     */
    default void awaitInSync(int brokerId, Duration deadline) {
        if (!brokerIds().contains(brokerId)) {
            throw new IllegalArgumentException("no broker " + brokerId + " in this cluster (" + brokerIds() + ")");
        }
        long end = System.nanoTime() + deadline.toNanos();
        try (Admin admin = admin()) {
            List<TopicPartition> behind = List.of();
            while (System.nanoTime() - end < 0) {
                try {
                    behind = outOfSync(admin, brokerId);
                    if (behind.isEmpty()) {
                        return;
                    }
                } catch (IllegalStateException e) {
                    behind = List.of(); // the cluster is still settling: ask again
                }
                pause(Duration.ofMillis(250));
            }
            throw new IllegalStateException("broker " + brokerId + " not in sync within " + deadline + "; behind on "
                    + behind.subList(0, Math.min(10, behind.size())));
        }
    }

    /** Waits until every node in {@code ids} is registered with the quorum, or {@code deadline} passed. */
    default void awaitRegistered(Set<Integer> ids, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    Set<Integer> registered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                            .get(10, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not serving yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for brokers " + ids, e);
                }
                if (System.nanoTime() - end > 0) {
                    throw new IllegalStateException("brokers " + ids + " not registered within " + deadline);
                }
                pause(Duration.ofMillis(200));
            }
        }
    }

    /** The leader of one partition now (-1: none). */
    default int leader(TopicPartition partition) {
        try (Admin admin = admin()) {
            Node leader = partitionInfo(admin, partition).leader();
            return leader == null ? -1 : leader.id();
        }
    }

    /** The partitions of {@code topics} that node {@code brokerId} leads now. */
    default List<TopicPartition> ledBy(int brokerId, Collection<String> topics) {
        try (Admin admin = admin()) {
            List<TopicPartition> led = new ArrayList<>();
            get(admin.describeTopics(topics).allTopicNames()).values().forEach(topic -> topic.partitions().forEach(p -> {
                if (p.leader() != null && p.leader().id() == brokerId) {
                    led.add(new TopicPartition(topic.name(), p.partition()));
                }
            }));
            return led;
        }
    }

    /**
     * Moves the leadership of {@code partition} to another in-sync replica: that replica is made the
     * preferred one (a reassignment to the same replicas in a new order) and a preferred leader election
     * is run. Returns the new leader.
     *
     * @throws IllegalStateException if no other replica is in sync, or the leader did not move
     */
    default int moveLeader(TopicPartition partition) {
        try (Admin admin = admin()) {
            TopicPartitionInfo info = partitionInfo(admin, partition);
            int leader = info.leader() == null ? -1 : info.leader().id();
            int target = info.isr().stream().mapToInt(Node::id).filter(id -> id != leader)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no other in-sync replica of " + partition
                            + " to move its leader to: isr " + info.isr()));
            List<Integer> order = new ArrayList<>();
            order.add(target);
            info.replicas().stream().map(Node::id).filter(id -> id != target).forEach(order::add);
            get(admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(order))))
                    .all());
            awaitCondition("reassignment of " + partition + " to " + order, () ->
                    get(admin.listPartitionReassignments(Set.of(partition)).reassignments()).isEmpty());
            awaitCondition("leader of " + partition + " moved to " + target, () -> {
                try {
                    get(admin.electLeaders(ElectionType.PREFERRED, Set.of(partition)).all());
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof ExecutionException ee && ee.getCause() instanceof ElectionNotNeededException)) {
                        return false;
                    }
                }
                TopicPartitionInfo now = partitionInfo(admin, partition);
                return now.leader() != null && now.leader().id() == target;
            });
            return target;
        }
    }

    // ---- asking the cluster --------------------------------------------------------------------

    private static List<TopicPartition> outOfSync(Admin admin, int brokerId) {
        Set<String> names = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        Map<String, TopicDescription> topics = get(admin.describeTopics(names).allTopicNames());
        List<TopicPartition> behind = new ArrayList<>();
        for (TopicDescription topic : topics.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                boolean replica = partition.replicas().stream().anyMatch(n -> n.id() == brokerId);
                boolean inSync = partition.isr().stream().anyMatch(n -> n.id() == brokerId);
                if (replica && !inSync) {
                    behind.add(new TopicPartition(topic.name(), partition.partition()));
                }
            }
        }
        return behind;
    }

    private static TopicPartitionInfo partitionInfo(Admin admin, TopicPartition partition) {
        return get(admin.describeTopics(List.of(partition.topic())).allTopicNames()).get(partition.topic()).partitions()
                .stream().filter(p -> p.partition() == partition.partition()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partition " + partition));
    }

    private static void awaitCondition(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("no " + what + " within " + READY_TIMEOUT);
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** The interval between two questions to the cluster; never a synchronisation by itself. */
    static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
