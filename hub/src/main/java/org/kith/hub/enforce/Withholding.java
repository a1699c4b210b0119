package org.kith.hub.enforce;

import java.util.List;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.Withheld;

/**
 * One category withheld from a recipient and the reason code, as the sender's status notice and the
 * ledger carry it: never the data. {@code unclassified} stands for nodes the schema does not describe.
 */
public record Withholding(String category, String reason) {

    static List<Withholding> of(List<Withheld> withheld) {
        return withheld.stream().map(w -> new Withholding(w.label(), w.reason().code())).toList();
    }

    /**
     * Why a decision sent nothing: what it denied, or, for a decision whose copy would have lost a
     * core field, every category it would have disclosed.
     */
    static List<Withholding> notSent(ConsentDecision decision) {
        return decision.outcome() == ConsentDecision.Outcome.DENY
                ? of(decision.withheld())
                : decision.disclosed().stream().map(c -> new Withholding(c.code(), "core-field-withheld")).toList();
    }
}
