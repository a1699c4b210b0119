package org.kith.hub.ledger;

/** Why a ledger, a record or an inclusion proof does not verify. The codes are stable (CLI output, reports). */
public enum LedgerFault {
    /** Not a ledger record: not JSON, a member missing or of the wrong type, a non-integer number. */
    MALFORMED("malformed"),
    /** The record's content does not hash to its {@code hash}: it was altered. */
    HASH_MISMATCH("hash-mismatch"),
    /** The record's {@code prev} is not the hash of the record before it: one was altered, replaced or inserted. */
    BROKEN_CHAIN("broken-chain"),
    /** The record belongs to another chain (partition). */
    WRONG_CHAIN("wrong-chain"),
    /** The record with this {@code seq} is absent and does not appear later. */
    MISSING("missing"),
    /** The record with this {@code seq} appears, but out of place (later, or a repeat). */
    REORDERED("reordered"),
    /** A checkpoint's range or previous-checkpoint link is not the records since the previous checkpoint. */
    BAD_CHECKPOINT_RANGE("bad-checkpoint-range"),
    /** A checkpoint's Merkle root is not the root of the records it claims to seal. */
    BAD_CHECKPOINT_ROOT("bad-checkpoint-root"),
    /** A checkpoint's signature does not verify (malformed, other algorithm, or wrong bytes). */
    BAD_CHECKPOINT_SIGNATURE("bad-checkpoint-signature"),
    /** A checkpoint is signed with a key the key ring does not hold. */
    UNKNOWN_KEY("unknown-key"),
    /** A checkpoint is signed with a key after that key was retired. */
    RETIRED_KEY("retired-key"),
    /** The ledger ends before the record the verifier was told exists (the anchor). */
    TRUNCATED("truncated"),
    /** The record at the anchor's position is not the anchored record: the ledger was rewritten. */
    ANCHOR_MISMATCH("anchor-mismatch"),
    /** A proof's record is not in the range its checkpoint seals, or its position does not fit. */
    NOT_COVERED("not-covered"),
    /** A proof's audit path does not lead to the checkpoint's root. */
    BAD_PATH("bad-path");

    private final String code;

    LedgerFault(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
