package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralSource;

/**
 * Reads a family's referrals from the enforcement core's referral store, in place: one prefix scan
 * of the family's partition. Like {@link AccountingStoreQuery}, a family whose partition another
 * instance holds is not answered here.
 */
public final class ReferralStoreQuery implements ReferralSource {

    private final KafkaStreams streams;
    private final int partitions;

    public ReferralStoreQuery(KafkaStreams streams, int partitions) {
        this.streams = streams;
        this.partitions = partitions;
    }

    @Override
    public List<Referral> find(String familyId, String referralId) {
        int partition = Utils.toPositive(Utils.murmur2(familyId.getBytes(StandardCharsets.UTF_8))) % partitions;
        ReadOnlyKeyValueStore<String, Referral> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(EnforcementTopology.REFERRAL_STORE,
                    QueryableStoreTypes.<String, Referral>keyValueStore()).withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("this hub instance does not hold partition " + partition + " now", e);
        }
        List<Referral> found = new ArrayList<>();
        try (KeyValueIterator<String, Referral> range = store.prefixScan(familyId + "|", new StringSerializer())) {
            range.forEachRemaining(entry -> {
                if (entry.value.referralId().equals(referralId)) {
                    found.add(entry.value);
                }
            });
        }
        return found;
    }
}
