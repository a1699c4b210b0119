package org.kith.hub.enforce;

import java.util.List;
import org.kith.consent.engine.Withheld;

/**
 * One category withheld from a recipient and the reason code, as the sender's status notice and the
 * ledger carry it: never the data. {@code unclassified} stands for nodes the schema does not describe.
 */
public record Withholding(String category, String reason) {

    static List<Withholding> of(List<Withheld> withheld) {
        return withheld.stream().map(w -> new Withholding(w.label(), w.reason().code())).toList();
    }
}
