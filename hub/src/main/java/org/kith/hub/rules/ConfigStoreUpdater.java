package org.kith.hub.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store equal to its compacted topic (the config topic, the measures topic):
 * upserts, and tombstones delete; tells the config view, if any, that it changed and how far it read.
 */
public final class ConfigStoreUpdater implements Processor<String, byte[], Void, Void> {

    public static final String STORE = "config";

    private final String storeName;
    private final ConfigView view;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    /** @param view the view to tell of changes, or null */
    public ConfigStoreUpdater(String storeName, ConfigView view) {
        this.storeName = storeName;
        this.view = view;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            if (view != null) {
                view.changed();
            }
        }
        if (view != null) {
            context.recordMetadata().ifPresent(at -> view.applied(at.partition(), at.offset()));
        }
    }
}
