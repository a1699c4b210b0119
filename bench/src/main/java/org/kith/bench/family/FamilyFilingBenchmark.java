package org.kith.bench.family;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyRecordCache;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.family.Filing;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Envelope;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Filing the Nth consent directive of one family, N = 1, 100, 1,000, through the core's filing
 * path: the family's documents read from a Kafka Streams in-memory key-value store in the consent
 * store's layout ({@link FamilyStore}), {@link Filing} (the new directive read as the engine reads
 * it, the family's tallies checked against its limits), and its writes put into the store. Each
 * call files the Nth: the writes of the call before are undone outside the measured call
 * ({@code Level.Invocation} tear-down), so the family holds N - 1 directives before every call.
 * The message is parsed and validated beforehand, as the classifier does before the handler. Also
 * timed: reading the engine's record of that family, from the store (the first of its other messages
 * after a change) and through the core's cache (each of the next ones).
 */
@State(Scope.Benchmark)
public class FamilyFilingBenchmark {

    static final String FAMILY = "F-1";
    static final String AGENCY = "county-cw";

    @Param({"1", "100", "1000"})
    public int n;

    private KeyValueStore<String, byte[]> store;
    private final FamilyRecords records = new FamilyRecords(Jurisdiction.example());
    private final FamilyLimits limits = new FamilyLimits(100_000, 1L << 30);
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private Envelope nth;
    private final FamilyRecordCache cache = new FamilyRecordCache(records, 10_000);
    /** The entries filing the Nth writes, as they are before it (null: absent). */
    private final List<String> keys = new ArrayList<>();
    private final List<byte[]> before = new ArrayList<>();

    @Setup(Level.Trial)
    public void family() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.CONSENT_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        put(file(envelope(DemoMessages.profile(AGENCY, FAMILY), "m-profile")));
        for (int i = 1; i < n; i++) {
            put(file(envelope(directive("D-" + i), "m-" + i)));
        }
        nth = envelope(directive("D-" + n), "m-" + n);
        for (FamilyStore.Write write : file(nth).writes()) {
            keys.add(write.key());
            before.add(store.get(write.key()));
        }
    }

    static String directive(String id) {
        return DemoMessages.consent(AGENCY, FAMILY, id, "riverside-clinic");
    }

    static Envelope envelope(String cloudEvent, String messageId) {
        var result = new SubmissionValidator().validate(cloudEvent.getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new IllegalStateException("the benchmark's message is invalid: " + result);
        }
        return Envelope.accepted(messageId, OffsetDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC),
                valid.submission());
    }

    private Filing.Filed file(Envelope envelope) {
        return Filing.file(FamilyStore.documents(store, FAMILY), envelope, now, records, limits);
    }

    private void put(Filing.Filed filed) {
        filed.writes().forEach(write -> store.put(write.key(), write.value()));
    }

    /** Files the Nth directive: read, check, write. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Filing.Filed fileNth() {
        Filing.Filed filed = file(nth);
        put(filed);
        return filed;
    }

    /** Puts back what the call before wrote, so the next call files the Nth again. */
    @TearDown(Level.Invocation)
    public void undo() {
        for (int i = 0; i < keys.size(); i++) {
            store.put(keys.get(i), before.get(i));
        }
    }

    /**
     * The engine's record of the family holding N - 1 directives, read from the store: what the first
     * of its other messages after a change costs.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public FamilyRecord readRecord() {
        return records.read(FamilyStore.documents(store, FAMILY));
    }

    /**
     * The same through the core's cache ({@link FamilyRecordCache}): what each of its other messages
     * costs while its documents do not change (the header read, the revision compared).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public FamilyRecord readRecordCached() {
        return cache.read(FamilyStore.documents(store, FAMILY));
    }
}
