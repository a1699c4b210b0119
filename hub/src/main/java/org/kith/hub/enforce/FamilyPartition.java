package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.admin.Elsewhere;

/**
 * A per-family store of the enforcement core, read in place for one family: the partition its
 * messages go to (the default partitioner on the family id). With several hub instances, a family
 * whose partition another instance holds is not answered here: {@link Elsewhere} names the instance
 * that holds it (each advertises its HTTP address), and the APIs hand the request on to it.
 */
final class FamilyPartition {

    private FamilyPartition() {
    }

    /**
     * Reads the family's partition of store {@code storeName} with {@code read}. The store is found
     * lazily: a partition this instance does not hold can surface on the first read rather than on
     * the lookup, so both are inside.
     */
    static <V, T> T read(KafkaStreams streams, String storeName, String familyId, int partitions,
                         Function<ReadOnlyKeyValueStore<String, V>, T> read) {
        int partition = Utils.toPositive(Utils.murmur2(familyId.getBytes(StandardCharsets.UTF_8))) % partitions;
        try {
            return read.apply(streams.store(StoreQueryParameters.fromNameAndType(storeName,
                    QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition)));
        } catch (InvalidStateStoreException e) {
            KeyQueryMetadata holder = streams.queryMetadataForKey(storeName, familyId, new StringSerializer());
            if (holder != null && holder != KeyQueryMetadata.NOT_AVAILABLE && holder.activeHost() != null
                    && holder.activeHost().port() > 0) {
                throw new Elsewhere(holder.activeHost().host(), holder.activeHost().port());
            }
            throw new IllegalStateException("no hub instance holds partition " + partition + " now", e);
        }
    }
}
