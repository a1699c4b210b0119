package org.kith.hub.broker;

import static org.kith.hub.testing.KafkaProbe.admin;
import static org.kith.hub.testing.KafkaProbe.consumeReadCommitted;
import static org.kith.hub.testing.KafkaProbe.createTopic;
import static org.kith.hub.testing.KafkaProbe.produceTransactionally;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.testing.KafkaBrokers;

/**
 * The real embedded broker: transactions (transaction.version 2), restart on the same data
 * directory, exactly-once v2 Streams, and refusing a second broker on a live data directory.
 */
class EmbeddedKafkaBrokerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void transactionalProduceIsReadBackReadCommitted() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            String prefix = KafkaBrokers.uniquePrefix("transactional");
            String topic = prefix + "records";
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = admin(bootstrap)) {
                createTopic(admin, topic);
                Map<String, FinalizedVersionRange> features =
                        admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures();
                FinalizedVersionRange tv = features.get("transaction.version");
                assertNotNull(tv, "transaction.version is finalized: " + features);
                assertTrue(tv.maxVersionLevel() >= 2, "transaction.version 2 (KIP-890) is on: " + features);
            }

            produceTransactionally(bootstrap, topic, prefix + "tx", List.of("aborted-1", "aborted-2"), false);
            produceTransactionally(bootstrap, topic, prefix + "tx", List.of("committed-1", "committed-2"), true);

            assertEquals(List.of("committed-1", "committed-2"),
                    consumeReadCommitted(bootstrap, topic, prefix + "group", 2));
        }
    }

    @Test
    void restartOnTheSameDataDirKeepsTopicsCommittedRecordsAndOffsets() throws Exception {
        String prefix = KafkaBrokers.uniquePrefix("restart");
        String topic = prefix + "records";
        String group = prefix + "group";
        String clusterIdBefore;
        String bootstrapBefore;

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            bootstrapBefore = broker.bootstrapServers();
            try (Admin admin = admin(bootstrapBefore)) {
                createTopic(admin, topic);
                clusterIdBefore = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
            produceTransactionally(bootstrapBefore, topic, prefix + "tx", List.of("kept"), true);
            assertEquals(List.of("kept"), consumeReadCommitted(bootstrapBefore, topic, group, 1));
        }
        assertEquals(clusterIdBefore, Files.readString(dataDir.resolve("cluster.id")).trim());

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = admin(bootstrap)) {
                assertEquals(clusterIdBefore, admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains(topic), "topic survives the restart: " + topics);
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                OffsetAndMetadata committed = offsets.get(new TopicPartition(topic, 0));
                assertNotNull(committed, "the group's committed offset survives the restart: " + offsets);
                // One record plus the transaction's commit marker.
                assertEquals(2L, committed.offset());
            }
            assertEquals(List.of("kept"), consumeReadCommitted(bootstrap, topic, prefix + "group-after", 1));
            // The broker keeps working for new transactions after the restart.
            produceTransactionally(bootstrap, topic, prefix + "tx", List.of("after-restart"), true);
            assertEquals(List.of("kept", "after-restart"),
                    consumeReadCommitted(bootstrap, topic, prefix + "group-after-2", 2));
            System.out.println("[EmbeddedKafkaBrokerIT] restarted on the same data dir: " + bootstrapBefore
                    + " -> " + bootstrap + " in " + broker.startupTime().toMillis() + " ms");
        }
    }

    @Test
    void reportsBootstrapServersAndStartupTimeAndClosesIdempotently() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
        try {
            assertTrue(broker.bootstrapServers().matches("localhost:\\d{1,5}"), broker.bootstrapServers());
            assertTrue(broker.startupTime().compareTo(Duration.ZERO) > 0, "startup time " + broker.startupTime());
            System.out.println("[EmbeddedKafkaBrokerIT] embedded broker startup time: "
                    + broker.startupTime().toMillis() + " ms");
        } finally {
            broker.close();
        }
        broker.close();
    }

    @Test
    void aSecondBrokerOnALiveDataDirIsRefusedAndTheFirstKeepsRunning() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> EmbeddedKafkaBroker.start(dataDir, 0));
            assertTrue(refused.getMessage().contains("in use"), refused.getMessage());

            String prefix = KafkaBrokers.uniquePrefix("secondBroker");
            try (Admin admin = admin(broker.bootstrapServers())) {
                createTopic(admin, prefix + "records");
            }
            produceTransactionally(broker.bootstrapServers(), prefix + "records", prefix + "tx", List.of("alive"), true);
            assertEquals(List.of("alive"),
                    consumeReadCommitted(broker.bootstrapServers(), prefix + "records", prefix + "group", 1));
        }
        // Released on close: the directory can be used again.
        EmbeddedKafkaBroker.start(dataDir, 0).close();
    }

    @Test
    void aBusyFixedPortFailsTheStartCleanly(@TempDir Path otherDir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException failed = assertThrows(IllegalStateException.class,
                    () -> EmbeddedKafkaBroker.start(otherDir, busy.getLocalPort()));
            assertTrue(failed.getMessage().contains("localhost:" + busy.getLocalPort()), failed.getMessage());
        }
        // Nothing was left locked or half started.
        EmbeddedKafkaBroker.start(otherDir, 0).close();
    }

    @Test
    void exactlyOnceV2StreamsRunOnTheBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            String bootstrap = broker.bootstrapServers();
            String prefix = KafkaBrokers.uniquePrefix("eosv2");
            String in = prefix + "in";
            String out = prefix + "out";
            try (Admin admin = admin(bootstrap)) {
                createTopic(admin, in);
                createTopic(admin, out);
            }

            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
                    .to(out, Produced.with(Serdes.String(), Serdes.String()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "app");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams-state").toString());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

            try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
                streams.start();
                await().atMost(DEADLINE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
                produceTransactionally(bootstrap, in, prefix + "tx", List.of("a", "b"), true);
                assertEquals(List.of("A", "B"), consumeReadCommitted(bootstrap, out, prefix + "group", 2));
            }
        }
    }

    @Test
    void sharedEmbeddedBrokerFromKafkaBrokers() throws Exception {
        String bootstrap = KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED);
        assertEquals(bootstrap, KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED));
        String prefix = KafkaBrokers.uniquePrefix("sharedEmbedded");
        String topic = prefix + "records";
        try (Admin admin = admin(bootstrap)) {
            createTopic(admin, topic);
        }
        produceTransactionally(bootstrap, topic, prefix + "tx", List.of("shared"), true);
        assertEquals(List.of("shared"), consumeReadCommitted(bootstrap, topic, prefix + "group", 1));
    }
}
