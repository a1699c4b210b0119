package org.kith.hub.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.KeyRing;

/**
 * Appends records to one ledger chain (one {@code kith.ledger} partition): each record gets the
 * next {@code seq}, the previous record's hash as {@code prev}, and its own hash; after at most
 * {@link Policy#maxRecords} records, or once the oldest unsealed record is {@link Policy#maxAge}
 * old, a {@link LedgerEvent.Checkpoint} record seals the records since the previous checkpoint
 * under their Merkle root, signed with the hub's active key. Signing once per checkpoint instead
 * of once per record is what keeps appending cheap (see BENCHMARKS.md).
 *
 * <p>Pure logic: no Kafka. The enforcement core keeps one chain per partition, writes the records
 * it returns inside its transaction, keeps {@link #state()} in its state store and calls
 * {@link #checkpointIfDue()} from a wall-clock punctuator so a quiet partition is sealed too.
 * Not thread-safe: one chain belongs to one stream task.
 */
public final class HashChain {

    /**
     * When to checkpoint: after {@code maxRecords} records, or when the oldest unsealed record is
     * {@code maxAge} old (checked on each append and by {@link #checkpointIfDue()}).
     */
    public record Policy(int maxRecords, Duration maxAge) {
        public Policy {
            if (maxRecords < 1) {
                throw new IllegalArgumentException("checkpoint maxRecords must be at least 1, was " + maxRecords);
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("checkpoint maxAge must be positive, was " + maxAge);
            }
        }
    }

    /**
     * Everything needed to continue a chain after a restart.
     *
     * @param pending        hex hashes of the records since the last checkpoint, in order
     * @param firstPendingAt when the oldest of them was appended (null if none)
     */
    public record State(String chain, long nextSeq, String lastHash, long lastCheckpointSeq, String lastCheckpointHash,
                        List<String> pending, Instant firstPendingAt) {
        public State {
            Objects.requireNonNull(chain);
            Objects.requireNonNull(lastHash);
            Objects.requireNonNull(lastCheckpointHash);
            pending = List.copyOf(pending);
        }

        /** The state of a chain with no records yet. */
        public static State empty(String chain) {
            return new State(chain, 0, LedgerRecord.GENESIS, -1, LedgerRecord.GENESIS, List.of(), null);
        }
    }

    private final String chain;
    private final Policy policy;
    private final TimestampHook timestamps;
    private final Clock clock;
    private KeyRing keys;
    private long nextSeq;
    private String lastHash;
    private long lastCheckpointSeq;
    private String lastCheckpointHash;
    private final List<byte[]> pendingLeaves = new ArrayList<>();
    private final List<String> pendingHashes = new ArrayList<>();
    private Instant firstPendingAt;

    /** Continues the chain from {@code state} ({@link State#empty} for a new one). */
    public HashChain(State state, Policy policy, KeyRing keys, TimestampHook timestamps, Clock clock) {
        this.chain = state.chain();
        this.policy = Objects.requireNonNull(policy);
        this.keys = Objects.requireNonNull(keys);
        this.timestamps = Objects.requireNonNull(timestamps);
        this.clock = Objects.requireNonNull(clock);
        this.nextSeq = state.nextSeq();
        this.lastHash = state.lastHash();
        this.lastCheckpointSeq = state.lastCheckpointSeq();
        this.lastCheckpointHash = state.lastCheckpointHash();
        for (String hash : state.pending()) {
            pendingHashes.add(hash);
            pendingLeaves.add(MerkleTree.leafHash(Digests.unhex(hash)));
        }
        this.firstPendingAt = state.firstPendingAt();
    }

    /** Signs later checkpoints with {@code rotated}'s active key (after a key rotation). */
    public void useKeys(KeyRing rotated) {
        this.keys = Objects.requireNonNull(rotated);
    }

    /** Appends {@code event}; returns its record, followed by a checkpoint record if one became due. */
    public List<LedgerRecord> append(LedgerEvent event) {
        if (event instanceof LedgerEvent.Checkpoint) {
            throw new IllegalArgumentException("checkpoints are made by the chain, not appended");
        }
        Instant now = clock.instant();
        LedgerRecord record = LedgerRecord.of(chain, nextSeq, lastHash, now, event);
        advance(record);
        pendingHashes.add(record.hash());
        pendingLeaves.add(MerkleTree.leafHash(record.hashBytes()));
        if (firstPendingAt == null) {
            firstPendingAt = now;
        }
        Optional<LedgerRecord> checkpoint = checkpointIfDue();
        return checkpoint.isPresent() ? List.of(record, checkpoint.get()) : List.of(record);
    }

    /** A checkpoint if {@link Policy} says one is due now; nothing if no record is unsealed. */
    public Optional<LedgerRecord> checkpointIfDue() {
        if (pendingLeaves.isEmpty()) {
            return Optional.empty();
        }
        boolean full = pendingLeaves.size() >= policy.maxRecords();
        boolean old = !clock.instant().isBefore(firstPendingAt.plus(policy.maxAge()));
        return full || old ? checkpoint() : Optional.empty();
    }

    /** A checkpoint now over every unsealed record (e.g. at shutdown); nothing if there is none. */
    public Optional<LedgerRecord> checkpoint() {
        if (pendingLeaves.isEmpty()) {
            return Optional.empty();
        }
        long firstSeq = lastCheckpointSeq + 1;
        long lastSeq = nextSeq - 1;
        String root = Digests.hex(MerkleTree.root(pendingLeaves));
        Instant now = clock.instant();
        LedgerEvent.Checkpoint unsigned = new LedgerEvent.Checkpoint(firstSeq, lastSeq, root, lastCheckpointHash, null, null);
        ObjectNode json = LedgerRecord.of(chain, nextSeq, lastHash, now, unsigned).toJson();
        byte[] signed = LedgerRecord.signedBytes(json);
        String signature = DetachedJws.sign(keys.active(), now, signed);
        String timestamp = timestamps.timestamp(signed).map(Digests::base64Url).orElse(null);
        LedgerRecord checkpoint = LedgerRecord.of(chain, nextSeq, lastHash, now,
                new LedgerEvent.Checkpoint(firstSeq, lastSeq, root, lastCheckpointHash, signature, timestamp));
        advance(checkpoint);
        lastCheckpointSeq = checkpoint.seq();
        lastCheckpointHash = checkpoint.hash();
        pendingLeaves.clear();
        pendingHashes.clear();
        firstPendingAt = null;
        return Optional.of(checkpoint);
    }

    /** What to keep to continue this chain after a restart. */
    public State state() {
        return new State(chain, nextSeq, lastHash, lastCheckpointSeq, lastCheckpointHash, pendingHashes, firstPendingAt);
    }

    private void advance(LedgerRecord record) {
        nextSeq = record.seq() + 1;
        lastHash = record.hash();
    }
}
