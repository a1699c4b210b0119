package org.kith.hub.testing;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.kith.hub.topics.Topics;

/** A consent store as the core's, in memory: Kafka Streams' own store, without a topology. */
public final class ConsentStores {

    private ConsentStores() {
    }

    public static KeyValueStore<String, byte[]> inMemory() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.CONSENT_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
