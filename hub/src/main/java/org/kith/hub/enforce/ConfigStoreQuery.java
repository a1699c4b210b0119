package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.admin.ConfigSource;
import org.kith.hub.rules.ConfigStoreUpdater;
import org.kith.schemas.Json;

/** Reads the config topic's entries from the core's global store, which every instance holds whole. */
public final class ConfigStoreQuery implements ConfigSource {

    private final KafkaStreams streams;
    private volatile ReadOnlyKeyValueStore<String, byte[]> store;

    public ConfigStoreQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The global store itself (looked up once: a global store stays while the core runs). */
    public ReadOnlyKeyValueStore<String, byte[]> store() {
        ReadOnlyKeyValueStore<String, byte[]> current = store;
        if (current == null) {
            current = streams.store(StoreQueryParameters.fromNameAndType(
                    ConfigStoreUpdater.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            store = current;
        }
        return current;
    }

    @Override
    public Map<String, JsonNode> entries(String keyPrefix) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> range = store().prefixScan(keyPrefix, new StringSerializer())) {
            range.forEachRemaining(entry -> entries.put(entry.key, json(entry.value)));
        }
        return entries;
    }

    private static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
