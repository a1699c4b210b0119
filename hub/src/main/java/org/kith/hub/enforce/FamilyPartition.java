package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A per-family store of the enforcement core, read in place for one family: the partition its
 * messages go to (the default partitioner on the family id). With several hub instances, a family
 * whose partition another instance holds is not answered here (routing the query to that instance
 * is not built yet): {@link IllegalStateException}, which the APIs turn into 503 {@code elsewhere}.
 */
final class FamilyPartition {

    private FamilyPartition() {
    }

    static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String storeName, String familyId,
                                                      int partitions) {
        int partition = Utils.toPositive(Utils.murmur2(familyId.getBytes(StandardCharsets.UTF_8))) % partitions;
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(storeName,
                    QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("this hub instance does not hold partition " + partition + " now", e);
        }
    }
}
