package org.kith.hub.admin;

import java.util.Map;
import org.kith.hub.ledger.LedgerVerification;

/** The ledger as {@code kith ledger verify} checks it: each chain's outcome, read from the ledger topic now. */
@FunctionalInterface
public interface LedgerSource {

    /** Read while the hub has no ledger to check (a test building the routes only). */
    LedgerSource NONE = () -> {
        throw new IllegalStateException("no ledger");
    };

    Map<String, LedgerVerification> verify();
}
