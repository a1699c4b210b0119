package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.referral.ServiceGap;

/**
 * The service-gap table for the whole hub: every task publishes its running totals to the
 * compacted measures topic ({@code gap|<task>|<service type>|<area>|<reason>}), which every
 * instance mirrors in a global store; this sums the tasks' totals per cell. Read in place, never by
 * scanning a topic per request, and the same answer on every instance.
 */
public final class ServiceGapsQuery implements Supplier<List<ServiceGap>> {

    private final KafkaStreams streams;

    public ServiceGapsQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<ServiceGap> get() {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                EnforcementTopology.MEASURES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        String prefix = EnforcementTopology.GAP_MEASURE + "|";
        Map<String, Long> cells = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> range = store.range(prefix, prefix + "~")) {
            range.forEachRemaining(entry -> {
                String[] parts = entry.key.split("\\|", 3);
                cells.merge(parts[2], Long.parseLong(new String(entry.value, StandardCharsets.UTF_8)), Long::sum);
            });
        }
        List<ServiceGap> gaps = new ArrayList<>();
        cells.forEach((cell, count) -> {
            String[] parts = cell.split("\\|", 3);
            gaps.add(new ServiceGap(parts[0], parts[1], parts[2], count));
        });
        gaps.sort(Comparator.comparing(ServiceGap::count).reversed().thenComparing(ServiceGap::serviceType)
                .thenComparing(ServiceGap::area).thenComparing(ServiceGap::reason));
        return gaps;
    }
}
