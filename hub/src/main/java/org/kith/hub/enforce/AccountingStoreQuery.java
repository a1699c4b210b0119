package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.admin.AccountingSource;
import org.kith.hub.ledger.Accounting;
import org.kith.schemas.Json;

/**
 * Reads a family's accounting of disclosures from the enforcement core's accounting store, in
 * place: one prefix scan of the family's partition, never the whole ledger. The family's partition
 * is the one its messages go to (the default partitioner on the family id). With several hub
 * instances, a family whose partition another instance holds is not answered here (routing the
 * query to that instance is not built yet): the caller is told so.
 */
public final class AccountingStoreQuery implements AccountingSource {

    private final KafkaStreams streams;
    private final int partitions;

    public AccountingStoreQuery(KafkaStreams streams, int partitions) {
        this.streams = streams;
        this.partitions = partitions;
    }

    @Override
    public List<Accounting.Entry> entries(String familyId, Optional<String> person) {
        int partition = Utils.toPositive(Utils.murmur2(familyId.getBytes(StandardCharsets.UTF_8))) % partitions;
        ReadOnlyKeyValueStore<String, String> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(EnforcementTopology.ACCOUNTING_STORE,
                    QueryableStoreTypes.<String, String>keyValueStore()).withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("this hub instance does not hold partition " + partition + " now", e);
        }
        List<JsonNode> records = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(familyId + "|", familyId + "|~")) {
            range.forEachRemaining(entry -> records.add(json(entry.value)));
        }
        return Accounting.of(familyId, person, records);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
