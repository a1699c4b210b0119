package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubOption;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.crypto.KeyLookup;
import org.kith.hub.ledger.LedgerCommands;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.testing.KafkaCluster;

/**
 * Broker failures under load: two hub instances (child JVMs, {@code kith run}) on a three-node
 * cluster ({@link KafkaCluster}), every hub topic with three replicas and two needed in sync, a
 * steady stream of referrals across many families with consent directives and revocations
 * interleaved ({@link ReferralStream}). While it flows, a node is killed with SIGKILL and restarted
 * on its log directory, several times (each time the node leading the first {@code kith.inbound}
 * partition, so leaders must move), once the leader of an inbound and a ledger partition is moved by
 * a reassignment and a preferred election, and one hub instance is killed with SIGKILL and brought
 * back on its data directory. Afterwards, read_committed: every referral decided exactly once per
 * recipient with the outcome its family's consent called for at its place in the family's stream
 * (a revocation is never overtaken), every permitted copy on its recipient's outbound topic exactly
 * once and no withheld one, one ledger record per directive and revocation, every ledger chain
 * verifies (by the two instances' keys), nothing dead-lettered.
 *
 * <p>On demand only, {@code -Dkith.brokers.failures=true}: it takes about five minutes on two cores,
 * more than the suite can give it until restarts are faster. Default size: 5,000 messages at 100 a second, 2 node kills,
 * 1 hub kill. Campaigns: {@code -Dkith.brokers.messages=100000 -Dkith.brokers.rate=400
 * -Dkith.brokers.kills=20}. {@code -Dkith.brokers.guarantee=at_least_once} runs the core without
 * exactly-once ({@link Hub#GUARANTEE_FOR_TESTS}), to see this test fail. Logs of the nodes and the
 * hubs are kept in {@code target/BrokerFailureIT/}.
 */
@EnabledIfSystemProperty(named = "kith.brokers.failures", matches = "true")
class BrokerFailureIT {

    private static final int MESSAGES = Integer.getInteger("kith.brokers.messages", 5_000);
    private static final int RATE = Integer.getInteger("kith.brokers.rate", 100);
    private static final int BROKER_KILLS = Integer.getInteger("kith.brokers.kills", 2);
    private static final String GUARANTEE = System.getProperty("kith.brokers.guarantee", "");
    private static final int MESSAGES_PER_FAMILY = 25;
    private static final Duration DEADLINE = Duration.ofSeconds(120 + MESSAGES / 100);
    private static final Path LOGS = Path.of("target", "BrokerFailureIT");

    private final List<ChildHub> hubs = new ArrayList<>();
    private KafkaCluster cluster;

    @AfterEach
    void stopEverything() {
        hubs.forEach(ChildHub::destroy);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nothingIsLostOrRepeatedWhenBrokersAndAnInstanceAreKilled(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        Path logs = Files.createDirectories(LOGS);
        cluster = KafkaCluster.start(logs.resolve("cluster"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        if (!GUARANTEE.isEmpty()) {
            jvm.add("-D" + Hub.GUARANTEE_FOR_TESTS + "=" + GUARANTEE);
        }
        ReferralStream stream = new ReferralStream("F-BF-", MESSAGES, MESSAGES_PER_FAMILY);
        try (var fixture = PipelineFixture.on(cluster.bootstrapServers(), "BrokerFailureIT", dir)
                .with(HubOption.TOPIC_REPLICATION, Integer.toString(KafkaCluster.REPLICATION))
                .with(HubOption.TOPIC_MIN_INSYNC_REPLICAS, Integer.toString(KafkaCluster.MIN_IN_SYNC))) {
            Path dataA = dir.resolve("a");
            Path dataB = dir.resolve("b");
            hubs.add(ChildHub.start(fixture, dataA, jvm, logs.resolve("hub-a.log")));
            hubs.add(ChildHub.start(fixture, dataB, jvm, logs.resolve("hub-b.log")));
            assertReplicated(fixture);

            CompletableFuture<Integer> published = CompletableFuture.supplyAsync(() -> stream.publish(fixture, RATE));
            TopicPartition inbound = new TopicPartition(fixture.topics().inbound(), 0);
            List<String> events = new ArrayList<>();
            // the failures are spread over the stream: a node kill at each of BROKER_KILLS points, the leader
            // move after the first, the hub kill after the second
            for (int kill = 0; kill < BROKER_KILLS; kill++) {
                int point = MESSAGES * (kill + 1) / (BROKER_KILLS + 2);
                awaitPublished(stream, point);
                int node = cluster.leader(inbound);
                long ledger = fixture.endOffsetSum(fixture.topics().ledger());
                cluster.kill(node);
                events.add("node " + node + " killed at " + stream.published());
                // the hubs go on deciding on the two nodes left
                await("decisions with node " + node + " down").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                        .until(() -> hubsAlive() && fixture.endOffsetSum(fixture.topics().ledger()) > ledger + 50);
                cluster.restart(node);
                cluster.awaitInSync(node, DEADLINE);
                events.add("node " + node + " back in sync at " + stream.published());
                if (kill == 0) {
                    int to = cluster.moveLeader(inbound);
                    int ledgerTo = cluster.moveLeader(new TopicPartition(fixture.topics().ledger(), 1));
                    events.add("leaders moved to " + to + " (inbound-0) and " + ledgerTo + " (ledger-1)");
                }
                if (kill == Math.min(1, BROKER_KILLS - 1)) {
                    hubs.get(1).kill();
                    events.add("hub b killed at " + stream.published());
                    fixture.evictMembersOf(Files.readString(dataB.resolve("streams").resolve("instance.id")).trim());
                    hubs.set(1, ChildHub.start(fixture, dataB, jvm, logs.resolve("hub-b-again.log")));
                    events.add("hub b back at " + stream.published());
                }
            }
            int messages = published.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            fixture.awaitCaughtUp(DEADLINE);
            assertTrue(hubsAlive());
            for (ChildHub hub : hubs) {
                hub.stop();
            }

            ReferralStream.Figures figures = stream.figures(fixture);
            System.out.printf("BrokerFailureIT: %d messages at %d/s (published in %d s), %d decisions, %d node kills,"
                            + " 1 hub kill; %s; %s; %d s in all%n", messages, RATE, stream.publishingMillis() / 1000,
                    stream.decisions(), BROKER_KILLS, figures, String.join(", ", events),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            stream.assertDeliveredExactlyOnce(fixture);
            stream.assertOneDecisionPerMessageAndRecipient(fixture);
            stream.assertOneRecordPerConsentMessage(fixture);
            assertEquals(0, fixture.endOffsetSum(fixture.topics().deadLetter()), "nothing was dead-lettered");
            assertLedgerVerifies(fixture, dataA, dataB);
        }
    }

    /** The hub created its topics with the cluster's replication: three replicas, two in sync needed. */
    private void assertReplicated(PipelineFixture fixture) throws Exception {
        try (var admin = cluster.admin()) {
            String topic = fixture.topics().inbound();
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            assertTrue(description.partitions().stream().allMatch(p -> p.replicas().size() == KafkaCluster.REPLICATION),
                    description::toString);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            String minInSync = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("min.insync.replicas").value();
            assertEquals(Integer.toString(KafkaCluster.MIN_IN_SYNC), minInSync);
        }
    }

    private static void awaitPublished(ReferralStream stream, int count) {
        await("stream at " + count).atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> stream.published() >= count);
    }

    private boolean hubsAlive() {
        return hubs.stream().allMatch(ChildHub::alive);
    }

    /** Every chain of the ledger (one per partition) verifies; checkpoints are signed by either instance's key. */
    private static void assertLedgerVerifies(PipelineFixture fixture, Path dataA, Path dataB) throws IOException {
        KeyLookup a = KeyDirectory.in(dataA).publicKeys();
        KeyLookup b = KeyDirectory.in(dataB).publicKeys();
        Map<String, LedgerVerification> verified = new LedgerVerifier(kid -> a.find(kid).or(() -> b.find(kid)))
                .verifyAll(LedgerCommands.readTopic(fixture.bootstrap(), fixture.topics().ledger()));
        assertEquals(PipelineFixture.PARTITIONS, verified.size(), verified::toString);
        assertTrue(verified.values().stream().allMatch(LedgerVerification.Ok.class::isInstance), verified::toString);
    }
}
