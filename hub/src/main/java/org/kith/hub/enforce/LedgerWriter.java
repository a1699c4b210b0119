package org.kith.hub.enforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.ledger.HashChain;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.ledger.LedgerRecord;
import org.kith.hub.ledger.TimestampHook;
import org.kith.schemas.Json;

/**
 * The enforcement core's side of the tamper-evident ledger: one hash chain per stream task, that is
 * per partition (the task of inbound partition p writes ledger partition p, so a chain is never
 * split or interleaved). Records and signed checkpoints go out in the task's transaction, and the
 * chain's state is kept in a changelogged store written in the same transaction: after a crash the
 * chain continues from exactly what was committed.
 *
 * <p>The state is stored small: a head (next seq, last hash, last checkpoint) and one entry per
 * unsealed record's hash, dropped when a checkpoint seals them, so a record costs two small
 * changelog writes, not a rewrite of everything unsealed.
 */
final class LedgerWriter {

    private static final String HEAD = "head";
    private static final String LEAF = "leaf:";

    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<String, String> store;
    private final String partitionKey;
    private final HashChain chain;

    private final Runnable onCheckpoint;

    LedgerWriter(ProcessorContext<String, byte[]> context, KeyValueStore<String, String> store, String chainName,
                 HashChain.Policy policy, KeyRing keys, Clock clock, Runnable onCheckpoint) {
        this.context = context;
        this.onCheckpoint = onCheckpoint;
        this.store = store;
        this.partitionKey = String.valueOf(context.taskId().partition());
        this.chain = new HashChain(load(chainName), policy, keys, TimestampHook.NONE, clock);
    }

    /** Appends the event to the chain, with a checkpoint if one is due, and writes the records. */
    void append(LedgerEvent event, long timestamp) {
        write(chain.append(event), timestamp);
    }

    /** Seals a quiet partition: called from a wall-clock punctuator. */
    void checkpointIfDue(long timestamp) {
        chain.checkpointIfDue().ifPresent(checkpoint -> write(List.of(checkpoint), timestamp));
    }

    private void write(List<LedgerRecord> records, long timestamp) {
        for (LedgerRecord record : records) {
            context.forward(new Record<>(partitionKey, record.toLine().getBytes(StandardCharsets.UTF_8), timestamp,
                    new RecordHeaders()), EnforcementTopology.LEDGER);
            if (record.kind().equals(LedgerEvent.Checkpoint.KIND)) {
                onCheckpoint.run();
                for (long seq = record.body().get("firstSeq").asLong(); seq <= record.body().get("lastSeq").asLong(); seq++) {
                    store.delete(leaf(seq));
                }
            } else {
                store.put(leaf(record.seq()), record.hash());
            }
        }
        HashChain.State state = chain.state();
        store.put(HEAD, json(new HashChain.State(state.chain(), state.nextSeq(), state.lastHash(),
                state.lastCheckpointSeq(), state.lastCheckpointHash(), List.of(), state.firstPendingAt())));
    }

    private HashChain.State load(String chainName) {
        String head = store.get(HEAD);
        if (head == null) {
            return HashChain.State.empty(chainName);
        }
        HashChain.State stored;
        try {
            stored = Json.mapper().readValue(head, HashChain.State.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the ledger chain state of " + chainName + " cannot be read", e);
        }
        List<String> pending = new ArrayList<>();
        try (KeyValueIterator<String, String> leaves = store.range(LEAF, LEAF + "~")) {
            leaves.forEachRemaining(entry -> pending.add(entry.value));
        }
        return new HashChain.State(stored.chain(), stored.nextSeq(), stored.lastHash(), stored.lastCheckpointSeq(),
                stored.lastCheckpointHash(), pending, stored.firstPendingAt());
    }

    /** Zero-padded, so the store's key order is the chain's order. */
    private static String leaf(long seq) {
        return LEAF + String.format("%019d", seq);
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
