package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.KafkaProbe.consumeReadCommitted;
import static org.kith.hub.testing.KafkaProbe.produceTransactionally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The cluster factory itself: three nodes in their own processes, a topic with three replicas and
 * two needed in sync, transactions committed while one node is killed, the node restarted on its
 * log directory and back in sync, a leader moved, and no process left after {@code close()}.
 */
class KafkaClusterIT {

    @Test
    void survivesAKilledNodeAndMovesALeader() throws Exception {
        String topic = "cluster-it.records";
        List<ProcessHandle> nodes;
        try (KafkaCluster cluster = KafkaCluster.start(Path.of("target", "KafkaClusterIT"))) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) KafkaCluster.REPLICATION)
                        .configs(Map.of("min.insync.replicas", Integer.toString(KafkaCluster.MIN_IN_SYNC)))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            nodes = brokerProcesses(cluster);
            assertEquals(3, nodes.stream().map(ProcessHandle::pid).distinct().count(), "one process per node");
            produceTransactionally(bootstrap, topic, "cluster-it-tx", List.of("before"), true);

            TopicPartition partition = new TopicPartition(topic, 0);
            int leader = cluster.leader(partition);
            cluster.kill(leader);
            assertFalse(cluster.running(leader));
            produceTransactionally(bootstrap, topic, "cluster-it-tx", List.of("while-one-is-down"), true);

            cluster.restart(leader);
            cluster.awaitInSync(leader, Duration.ofSeconds(60));
            int before = cluster.leader(partition);
            int moved = cluster.moveLeader(partition);
            assertNotEquals(before, moved);
            assertEquals(moved, cluster.leader(partition));
            produceTransactionally(bootstrap, topic, "cluster-it-tx", List.of("after"), true);

            assertEquals(List.of("before", "while-one-is-down", "after"),
                    consumeReadCommitted(bootstrap, topic, "cluster-it-group", 3));
            nodes = brokerProcesses(cluster);
        }
        assertTrue(nodes.stream().noneMatch(ProcessHandle::isAlive), "no node left running after close()");
    }

    private static List<ProcessHandle> brokerProcesses(KafkaCluster cluster) {
        return cluster.brokerIds().stream().map(id -> ProcessHandle.of(cluster.pid(id)).orElseThrow()).toList();
    }
}
