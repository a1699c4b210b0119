package org.kith.hub.admin;

import java.util.List;
import java.util.Optional;
import org.kith.hub.ledger.Accounting;

/** Where the administration API reads a family's accounting of disclosures from. */
@FunctionalInterface
public interface AccountingSource {

    /**
     * The family's entries, or those about {@code person} among its members; throws
     * {@link IllegalStateException} when this hub instance does not hold the family's records.
     */
    List<Accounting.Entry> entries(String familyId, Optional<String> person);
}
