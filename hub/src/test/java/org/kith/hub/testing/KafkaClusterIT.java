package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kith.hub.testing.KafkaProbe.consumeReadCommitted;
import static org.kith.hub.testing.KafkaProbe.produceTransactionally;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cluster factory itself, on each kind of cluster (the Testcontainers one only where Docker
 * answers): three nodes, a topic with three replicas and two needed in sync, transactions committed
 * while one node is killed, the node restarted on its log directory and back in sync, a leader
 * moved. It runs on the cluster this JVM shares ({@link KafkaBrokers#cluster}), so a test after it
 * does not start one again.
 */
class KafkaClusterIT {

    @ParameterizedTest
    @EnumSource(KafkaBrokers.Kind.class)
    void survivesAKilledNodeAndMovesALeader(KafkaBrokers.Kind kind) throws Exception {
        assumeTrue(kind == KafkaBrokers.Kind.EMBEDDED || KafkaBrokers.dockerAvailable(), "no Docker engine");
        BrokerCluster cluster = KafkaBrokers.cluster(kind);
        String prefix = KafkaBrokers.uniquePrefix("KafkaClusterIT");
        String topic = prefix + "records";
        String transactionalId = prefix + "tx";
        String bootstrap = cluster.bootstrapServers();
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) BrokerCluster.REPLICATION)
                    .configs(Map.of("min.insync.replicas", Integer.toString(BrokerCluster.MIN_IN_SYNC)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        if (cluster instanceof KafkaCluster processes) {
            assertEquals(3, processes.brokerIds().stream().map(processes::pid).distinct().count(), "one process per node");
        }
        produceTransactionally(bootstrap, topic, transactionalId, List.of("before"), true);

        TopicPartition partition = new TopicPartition(topic, 0);
        int leader = cluster.leader(partition);
        cluster.kill(leader);
        assertFalse(cluster.running(leader));
        produceTransactionally(bootstrap, topic, transactionalId, List.of("while-one-is-down"), true);

        cluster.restart(leader);
        assertTrue(cluster.running(leader));
        cluster.awaitInSync(leader, Duration.ofSeconds(90));
        int before = cluster.leader(partition);
        int moved = cluster.moveLeader(partition);
        assertNotEquals(before, moved);
        assertEquals(moved, cluster.leader(partition));
        produceTransactionally(bootstrap, topic, transactionalId, List.of("after"), true);

        assertEquals(List.of("before", "while-one-is-down", "after"),
                consumeReadCommitted(bootstrap, topic, prefix + "group", 3));
    }
}
