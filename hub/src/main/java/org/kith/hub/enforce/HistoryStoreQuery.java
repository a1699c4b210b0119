package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.kith.hub.admin.HistorySource;
import org.kith.schemas.Json;

/** Reads an object's history from the enforcement core's history store: one prefix scan of one partition. */
public final class HistoryStoreQuery implements HistorySource {

    private final KafkaStreams streams;
    private final int partitions;

    public HistoryStoreQuery(KafkaStreams streams, int partitions) {
        this.streams = streams;
        this.partitions = partitions;
    }

    @Override
    public List<JsonNode> history(String partitionKey, String objectType, String objectId) {
        String prefix = objectType + ":" + objectId + "|";
        return FamilyPartition.<String, List<JsonNode>>read(streams, EnforcementTopology.HISTORY_STORE, partitionKey,
                partitions, store -> {
                    List<JsonNode> steps = new ArrayList<>();
                    try (KeyValueIterator<String, String> range = store.prefixScan(prefix, new StringSerializer())) {
                        range.forEachRemaining(entry -> steps.add(json(entry.value)));
                    }
                    return steps;
                });
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
