package org.kith.hub.enforce;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.kith.hub.admin.FamilySource;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.topics.Topics;

/** Reads a family's consent file from the enforcement core's consent store, in place. */
public final class FamilyStoreQuery implements FamilySource {

    private final KafkaStreams streams;
    private final int partitions;

    public FamilyStoreQuery(KafkaStreams streams, int partitions) {
        this.streams = streams;
        this.partitions = partitions;
    }

    @Override
    public Optional<FamilyFile> file(String familyId) {
        return FamilyPartition.<FamilyFile, Optional<FamilyFile>>read(streams, Topics.CONSENT_STORE, familyId, partitions,
                store -> Optional.ofNullable(store.get(familyId)));
    }
}
