package org.kith.hub.enforce;

import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.kith.hub.admin.FamilySource;
import org.kith.hub.family.FamilyDocuments;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.topics.Topics;

/** Reads a family's consent documents from the enforcement core's consent store, in place. */
public final class FamilyStoreQuery implements FamilySource {

    private final KafkaStreams streams;
    private final int partitions;
    private final FamilyLimits limits;

    public FamilyStoreQuery(KafkaStreams streams, int partitions, FamilyLimits limits) {
        this.streams = streams;
        this.partitions = partitions;
        this.limits = limits;
    }

    @Override
    public Optional<FamilyFile> file(String familyId) {
        return FamilyPartition.<byte[], Optional<FamilyFile>>read(streams, Topics.CONSENT_STORE, familyId, partitions,
                store -> FamilyStore.file(store, familyId));
    }

    @Override
    public <T> T documents(String familyId, Function<FamilyDocuments, T> read) {
        return FamilyPartition.<byte[], T>read(streams, Topics.CONSENT_STORE, familyId, partitions,
                store -> read.apply(FamilyStore.documents(store, familyId)));
    }

    @Override
    public FamilyLimits limits() {
        return limits;
    }
}
