package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.admin.AccountingSource;
import org.kith.hub.ledger.Accounting;
import org.kith.schemas.Json;

/**
 * Reads a family's accounting of disclosures from the enforcement core's accounting store, in
 * place: one prefix scan of the family's partition ({@link FamilyPartition}), never the whole ledger.
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
        ReadOnlyKeyValueStore<String, String> store = FamilyPartition.store(streams,
                EnforcementTopology.ACCOUNTING_STORE, familyId, partitions);
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
