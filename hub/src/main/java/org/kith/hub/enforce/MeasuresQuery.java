package org.kith.hub.enforce;

import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.hub.evaluation.Cohort;
import org.kith.hub.evaluation.MeasureTotals;

/**
 * The whole hub's evaluation measures: every task publishes its running totals to the compacted
 * measures topic ({@code cohort|<task>|<cohort>}, {@code withheld|<task>|<cell>}), which every
 * instance mirrors in a global store; this sums the tasks' totals per cell. Read in place, never by
 * scanning a topic per request, and the same answer on every instance. A record that does not read
 * as codes and counts (one an earlier version wrote with a free-text dimension) is left out.
 */
public final class MeasuresQuery implements Supplier<MeasureTotals> {

    private final KafkaStreams streams;

    public MeasuresQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public MeasureTotals get() {
        return read(streams.store(StoreQueryParameters.fromNameAndType(
                EnforcementTopology.MEASURES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())));
    }

    /** The totals in a mirror of the measures topic. */
    static MeasureTotals read(ReadOnlyKeyValueStore<String, byte[]> store) {
        MeasureTotals.Builder totals = new MeasureTotals.Builder();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                String[] parts = entry.key.split("\\|", 3);
                if (parts.length < 3 || entry.value == null) {
                    return;
                }
                try {
                    switch (parts[0]) {
                        case MeasureRecorder.COHORT -> totals.cohort(Cohort.parse(parts[2]),
                                MeasureRecorder.counts(entry.value));
                        case MeasureRecorder.SEEN_BY_REFERRER -> totals.seen(MeasureTotals.Side.REFERRER,
                                Cohort.parse(parts[2]), MeasureRecorder.counts(entry.value));
                        case MeasureRecorder.SEEN_BY_RECIPIENT -> totals.seen(MeasureTotals.Side.RECIPIENT,
                                Cohort.parse(parts[2]), MeasureRecorder.counts(entry.value));
                        case MeasureRecorder.WITHHELD -> totals.withheld(MeasureTotals.Withheld.parse(parts[2]),
                                MeasureRecorder.asLong(entry.value));
                        default -> { } // a measure of an earlier version: not ours to read
                    }
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // not codes and counts (an earlier version's free-text dimension): never shown
                }
            });
        }
        return totals.build();
    }
}
