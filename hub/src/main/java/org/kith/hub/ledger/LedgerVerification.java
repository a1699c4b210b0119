package org.kith.hub.ledger;

import java.util.Objects;

/** The outcome of verifying one ledger chain: everything checks, or the first bad record and why. */
public sealed interface LedgerVerification permits LedgerVerification.Ok, LedgerVerification.Bad {

    default boolean isOk() {
        return this instanceof Ok;
    }

    /**
     * Every record checks.
     *
     * @param records       how many records (checkpoints included)
     * @param checkpoints   how many of them are checkpoints
     * @param sealedThrough seq of the last checkpoint, -1 if none
     * @param unsealed      records after the last checkpoint: chained but not yet signed, so removing
     *                      them from the end is not detectable until the next checkpoint or with an anchor
     */
    record Ok(String chain, long records, long checkpoints, long sealedThrough, long unsealed) implements LedgerVerification {
    }

    /**
     * The first bad record.
     *
     * @param seq  the sequence number the record at that position has or should have had (the
     *             previous good record's seq + 1)
     * @param line 1-based position of the record in the input
     */
    record Bad(String chain, long seq, long line, LedgerFault fault) implements LedgerVerification {
        public Bad {
            Objects.requireNonNull(fault);
        }
    }
}
