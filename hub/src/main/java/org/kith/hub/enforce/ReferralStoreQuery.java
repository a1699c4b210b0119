package org.kith.hub.enforce;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralSource;

/**
 * Reads a family's referrals from the enforcement core's referral store, in place: one prefix scan
 * of the family's partition ({@link FamilyPartition}).
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
        return FamilyPartition.<Referral, List<Referral>>read(streams, EnforcementTopology.REFERRAL_STORE, familyId,
                partitions, store -> {
                    List<Referral> found = new ArrayList<>();
                    try (KeyValueIterator<String, Referral> range = store.prefixScan(familyId + "|",
                            new StringSerializer())) {
                        range.forEachRemaining(entry -> {
                            if (entry.value.referralId().equals(referralId)) {
                                found.add(entry.value);
                            }
                        });
                    }
                    return found;
                });
    }
}
