package org.kith.hub.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The config view knows how far this instance's config store has read its topic, so that the
 * administration API answers a change only once the instance that wrote it reads it back.
 */
class ConfigReadBackTest {

    @Test
    void aChangeIsReadBackOnceTheStoreAppliedItsOffsetAndNotBefore() throws Exception {
        ConfigView view = new ConfigView();
        Topology topology = new Topology();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ConfigStoreUpdater.STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                "config-source", new StringDeserializer(), new ByteArrayDeserializer(), "config",
                "config-updater", () -> new ConfigStoreUpdater(ConfigStoreUpdater.STORE, view));
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "config-read-back");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (var driver = new TopologyTestDriver(topology, props)) {
            var config = driver.createInputTopic("config", new StringSerializer(), new ByteArraySerializer());
            assertFalse(view.awaitApplied(Map.of(0, 0L), Duration.ofMillis(50)), "nothing read yet");

            config.pipeInput("partner:a", "{}".getBytes(StandardCharsets.UTF_8));
            config.pipeInput("partner:b", null); // a tombstone is read too
            assertTrue(view.awaitApplied(Map.of(0, 1L), Duration.ofMillis(50)));
            assertFalse(view.awaitApplied(Map.of(0, 2L), Duration.ofMillis(50)), "a change not read yet is waited for");
            assertFalse(view.awaitApplied(Map.of(1, 0L), Duration.ofMillis(50)), "on every partition it was written to");
        }
    }
}
