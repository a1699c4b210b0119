package org.kith.hub.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global config store equal to the compacted config topic: upserts, and tombstones delete. */
public final class ConfigStoreUpdater implements Processor<String, byte[], Void, Void> {

    public static final String STORE = "config";

    private final ConfigView view;
    private KeyValueStore<String, byte[]> store;

    public ConfigStoreUpdater(ConfigView view) {
        this.view = view;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        view.changed();
    }
}
