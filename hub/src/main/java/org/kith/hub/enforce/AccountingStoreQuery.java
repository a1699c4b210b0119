package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
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
        List<JsonNode> records = FamilyPartition.<String, List<JsonNode>>read(streams,
                EnforcementTopology.ACCOUNTING_STORE, familyId, partitions, store -> {
                    List<JsonNode> found = new ArrayList<>();
                    try (KeyValueIterator<String, String> range = store.range(familyId + "|", familyId + "|~")) {
                        range.forEachRemaining(entry -> found.add(json(entry.value)));
                    }
                    return found;
                });
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
